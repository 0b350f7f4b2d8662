package main

import (
	"cmp"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"nianbao"
	"nianbao/ingest"
	"nianbao/reader"
	"nianbao/store"
)

// importFailure is a file import could not store, and why.
type importFailure struct {
	file, reason string
}

// runImport stores report files and the reports in folders (recursively)
// in the database at --db, reading --jobs files at a time and writing them
// in batches (ingest.Import), and prints a summary:
// how many were imported, how many were already there, and each file that
// failed with the reason. A batch stopped half-way (Ctrl+C) still
// commits the reports it has read, and importing the same files again
// stores only the rest. The exit status is 0 when nothing failed, 2
// otherwise.
func (m *Main) runImport(ctx context.Context, args []string) int {
	fs := flag.NewFlagSet("import", flag.ContinueOnError)
	fs.SetOutput(m.Stderr)
	db := fs.String("db", store.DefaultPath, "数据库：SQLite 文件路径，或 postgres:// 开头的 PostgreSQL 地址")
	jobs := fs.Int("jobs", runtime.NumCPU(), "同时读取的文件数")
	maxMB := fs.Int64("max-size", reader.DefaultLimits.Size>>20, "大于此大小（MB）的文件不读取（不超过默认值）")
	if err := fs.Parse(args); err != nil {
		return exitFailed
	}
	if *maxMB < 1 || *maxMB<<20 > reader.DefaultLimits.Size {
		fmt.Fprintf(m.Stderr, "nianbao import: --max-size 应在 1 到 %d 之间\n", reader.DefaultLimits.Size>>20)
		return exitFailed
	}
	if fs.NArg() == 0 {
		fmt.Fprintln(m.Stderr, "nianbao import: 请给出要导入的文件或文件夹")
		return exitFailed
	}
	if *jobs < 1 {
		fmt.Fprintln(m.Stderr, "nianbao import: --jobs 至少为 1")
		return exitFailed
	}
	files, failures := importFiles(fs.Args())
	st, err := store.Open(ctx, *db)
	if err != nil {
		fmt.Fprintf(m.Stderr, "nianbao import: 无法打开数据库 %s: %s\n", store.Redact(*db), nianbao.ErrorMessage(err))
		return exitFailed
	}
	defer st.Close()

	var imported, existing, done int
	bar := newProgress(m.Stderr, len(files))
	// Each file is read with reader.ReadFile, which makes a panic in a
	// reader an error for that file: the batch goes on.
	todo := make([]ingest.File, len(files))
	for i, f := range files {
		todo[i] = ingest.File{Name: f, Load: func() ([]byte, error) { return readCapped(f, nil, *maxMB<<20, nil) }}
	}
	ingest.New(st).Import(ctx, todo, *jobs, func(r ingest.Imported) {
		switch {
		case r.Err != nil && ctx.Err() != nil && nianbao.ErrorCode(r.Err) == nianbao.EINTERNAL:
			return // interrupted: not counted, the next run imports it
		case r.Err != nil:
			failures = append(failures, importFailure{r.Name, nianbao.ErrorMessage(r.Err)})
		case r.Created:
			imported++
		default:
			existing++
		}
		done++
		bar.set(done)
		if importedHook != nil {
			importedHook()
		}
	})
	bar.finish()

	slices.SortFunc(failures, func(a, b importFailure) int { return cmp.Compare(a.file, b.file) })
	var b strings.Builder
	fmt.Fprintf(&b, "导入 %d 份，已存在 %d 份，失败 %d 份\n", imported, existing, len(failures))
	if left := len(files) - done; ctx.Err() != nil && left > 0 {
		fmt.Fprintf(&b, "已中断：%d 份未处理（已导入的均已保存，再次运行即可继续）\n", left)
	}
	for _, f := range failures {
		fmt.Fprintf(&b, "  %s：%s\n", f.file, f.reason)
	}
	io.WriteString(m.Stdout, b.String())
	if len(failures) > 0 || ctx.Err() != nil {
		return exitFailed
	}
	return exitOK
}

// importedHook, when tests set it, is called after each file's outcome.
var importedHook func()

// fileError says in Chinese why a file could not be read.
func fileError(err error) error {
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nianbao.Errorf(nianbao.EINVALID, "文件不存在")
	case errors.Is(err, fs.ErrPermission):
		return nianbao.Errorf(nianbao.EINVALID, "没有读取权限")
	}
	return nianbao.Errorf(nianbao.EINVALID, "无法读取: %v", err)
}

// importFiles lists the files to import: each file named, and the files
// in each folder named and its subfolders, except hidden files and
// folders (a name starting with "."), ground-truth files (*.truth.json)
// and notes (*.md). Paths that cannot be read are failures.
func importFiles(paths []string) ([]string, []importFailure) {
	var files []string
	var failures []importFailure
	seen := map[string]bool{}
	addFile := func(f string) {
		if !seen[f] {
			seen[f] = true
			files = append(files, f)
		}
	}
	for _, root := range paths {
		info, err := os.Stat(root)
		if err != nil {
			failures = append(failures, importFailure{root, nianbao.ErrorMessage(fileError(err))})
			continue
		}
		if !info.IsDir() {
			addFile(root)
			continue
		}
		filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				failures = append(failures, importFailure{path, nianbao.ErrorMessage(fileError(err))})
				return nil
			}
			if path == root {
				return nil
			}
			name := d.Name()
			if strings.HasPrefix(name, ".") {
				if d.IsDir() {
					return filepath.SkipDir
				}
				return nil
			}
			if d.IsDir() || strings.HasSuffix(name, ".truth.json") || strings.HasSuffix(strings.ToLower(name), ".md") {
				return nil
			}
			if d.Type().IsRegular() || d.Type()&fs.ModeSymlink != 0 {
				addFile(path)
			}
			return nil
		})
	}
	return files, failures
}

// progress draws "[####      ] 120/300" on a terminal, redrawn in place
// ten times a second; elsewhere it draws nothing.
type progress struct {
	w     io.Writer
	total int
	on    bool
	n     atomic.Int64
	stop  chan struct{}
	done  sync.WaitGroup
}

func newProgress(w io.Writer, total int) *progress {
	p := &progress{w: w, total: total, on: isTerminal(w) && total > 0, stop: make(chan struct{})}
	if p.on {
		p.draw()
		p.done.Go(func() {
			t := time.NewTicker(100 * time.Millisecond)
			defer t.Stop()
			for {
				select {
				case <-t.C:
					p.draw()
				case <-p.stop:
					return
				}
			}
		})
	}
	return p
}

// set records that n files are done.
func (p *progress) set(n int) { p.n.Store(int64(n)) }

// finish draws the final state and ends the line.
func (p *progress) finish() {
	if p.on {
		close(p.stop)
		p.done.Wait()
		p.draw()
		fmt.Fprintln(p.w)
	}
}

const progressWidth = 30

func (p *progress) draw() {
	if !p.on {
		return
	}
	n := int(p.n.Load())
	filled := progressWidth * n / p.total
	fmt.Fprintf(p.w, "\r[%s%s] %d/%d", strings.Repeat("#", filled), strings.Repeat(" ", progressWidth-filled), n, p.total)
}

// isTerminal reports whether w is a terminal.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
