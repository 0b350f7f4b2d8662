// Package isolate reads report files in a child process with a memory
// limit and a deadline, as document servers such as Apache Tika do in
// their forked mode. The readers bound their own work, but a server that
// reads files anyone can upload must not be taken down by a file that finds
// a way past those bounds: here such a file costs the child, and the
// server answers that one upload with a clear error.
//
// The child is this same program started with a marker in its
// environment: a program that uses a Reader calls Serve first thing in
// main, which never returns in a child.
//
//	func main() {
//		isolate.Serve() // returns at once unless this is a reading child
//		...
//	}
//
// Protocol: the parent writes the file's name (one line) and its bytes to
// the child's standard input; the child writes one JSON object, the
// report or {"error": code, "message": …}, to its standard output.
package isolate

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"runtime/debug"
	"strconv"
	"syscall"
	"time"

	"nianbao"
	"nianbao/reader"
)

// Environment variables the parent sets for the child.
const (
	envChild  = "NIANBAO_ISOLATE_CHILD"  // "1" in a reading child
	envMemory = "NIANBAO_ISOLATE_MEMORY" // the child's address-space limit in bytes
)

// Defaults of a Reader's limits: what reading one report may take on a
// small server. The readers' own limits keep real files far below them.
const (
	DefaultMemory  = 1 << 30
	DefaultTimeout = 20 * time.Second
)

// Reader reads files in child processes.
type Reader struct {
	// Command is the program to start and its arguments; nil means this
	// program (os.Executable), which must call Serve at start-up.
	Command []string
	// Memory caps the memory the child writes to (bytes); Timeout its run.
	Memory  int64
	Timeout time.Duration
}

// Read reads one file in a child process. A file the child cannot read
// fails with the reader's own *nianbao.Error; a child that runs out of
// memory or time, or dies, fails with ETOOLARGE or EINTERNAL and a
// message that names the limit.
func (r *Reader) Read(ctx context.Context, name string, data []byte) (*nianbao.Report, error) {
	mem, timeout := r.Memory, r.Timeout
	if mem <= 0 {
		mem = DefaultMemory
	}
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	argv := r.Command
	if len(argv) == 0 {
		self, err := os.Executable()
		if err != nil {
			return nil, nianbao.Errorf(nianbao.EINTERNAL, "无法启动读取进程：%v", err)
		}
		argv = []string{self}
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, argv[0], argv[1:]...)
	cmd.Env = append(os.Environ(), envChild+"=1", envMemory+"="+strconv.FormatInt(mem, 10))
	cmd.Stdin = io.MultiReader(bytes.NewReader([]byte(oneLine(name)+"\n")), bytes.NewReader(data))
	var out, errOut bytes.Buffer
	cmd.Stdout = &out
	cmd.Stderr = &limitedBuffer{buf: &errOut, max: 4 << 10}
	runErr := cmd.Run()
	if runErr == nil || isExit(runErr, exitReadFailed) {
		return decode(out.Bytes())
	}
	switch {
	case errors.Is(ctx.Err(), context.DeadlineExceeded):
		return nil, nianbao.Errorf(nianbao.ETOOLARGE, "读取此文件超过 %s 仍未完成：文件过于复杂或已损坏，已停止读取", timeout)
	case ctx.Err() != nil:
		return nil, ctx.Err()
	case bytes.Contains(errOut.Bytes(), []byte("out of memory")) || bytes.Contains(errOut.Bytes(), []byte("cannot allocate memory")):
		return nil, nianbao.Errorf(nianbao.ETOOLARGE, "读取此文件所需内存超过 %d MB：文件过于复杂或已损坏，已停止读取", mem>>20)
	}
	return nil, nianbao.Errorf(nianbao.EINTERNAL, "读取进程意外退出（%v）", runErr)
}

// exitReadFailed is the child's exit status when the file is not a report.
const exitReadFailed = 3

func isExit(err error, code int) bool {
	var ee *exec.ExitError
	return errors.As(err, &ee) && ee.ExitCode() == code
}

// oneLine keeps a file name on the protocol's first line.
func oneLine(name string) string {
	return string(bytes.Map(func(r rune) rune {
		if r == '\n' || r == '\r' {
			return ' '
		}
		return r
	}, []byte(name)))
}

// childError is the child's answer for a file that is not a report.
type childError struct {
	Error   string `json:"error"`
	Message string `json:"message"`
}

func decode(out []byte) (*nianbao.Report, error) {
	if bytes.HasPrefix(out, []byte(`{"error":`)) {
		var e childError
		if err := json.Unmarshal(out, &e); err != nil {
			return nil, nianbao.Errorf(nianbao.EINTERNAL, "读取进程的回答无法解析")
		}
		return nil, &nianbao.Error{Code: e.Error, Message: e.Message}
	}
	var rep nianbao.Report
	if err := rep.UnmarshalJSON(out); err != nil {
		return nil, nianbao.Errorf(nianbao.EINTERNAL, "读取进程的回答无法解析")
	}
	return &rep, nil
}

// Serve runs the reading child when this process is one, and returns at
// once otherwise. In a child it never returns.
func Serve() {
	if os.Getenv(envChild) != "1" {
		return
	}
	os.Exit(serveChild(os.Stdin, os.Stdout))
}

// limitMemory applies the parent's memory limit to this child.
func limitMemory() {
	if mem, err := strconv.ParseInt(os.Getenv(envMemory), 10, 64); err == nil && mem > 0 {
		// RLIMIT_DATA bounds the memory the child writes to (Go's heap
		// included) without counting the address space the runtime only
		// reserves, which RLIMIT_AS would. The soft limit makes the
		// collector work harder before the hard one is reached.
		syscall.Setrlimit(syscall.RLIMIT_DATA, &syscall.Rlimit{Cur: uint64(mem), Max: uint64(mem)})
		debug.SetMemoryLimit(mem / 2)
	}
}

func serveChild(in io.Reader, out io.Writer) int {
	limitMemory()
	br := bufio.NewReader(in)
	name, err := br.ReadString('\n')
	if err != nil {
		fmt.Fprintln(os.Stderr, "isolate: no file name")
		return 2
	}
	data, err := io.ReadAll(br)
	if err != nil {
		fmt.Fprintln(os.Stderr, "isolate:", err)
		return 2
	}
	rep, err := reader.Read(name[:len(name)-1], data)
	if err != nil {
		json.NewEncoder(out).Encode(childError{Error: nianbao.ErrorCode(err), Message: nianbao.ErrorMessage(err)})
		return exitReadFailed
	}
	b, err := rep.MarshalJSON()
	if err != nil {
		fmt.Fprintln(os.Stderr, "isolate:", err)
		return 2
	}
	out.Write(b)
	return 0
}

// limitedBuffer keeps the first max bytes written to it: enough of a
// dying child's stderr to tell why it died.
type limitedBuffer struct {
	buf *bytes.Buffer
	max int
}

func (l *limitedBuffer) Write(p []byte) (int, error) {
	if room := l.max - l.buf.Len(); room > 0 {
		l.buf.Write(p[:min(len(p), room)])
	}
	return len(p), nil
}
