package main

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"nianbao/internal/gen"
)

// writeReports writes n generated text reports into dir, in the layouts
// given in turn, as the store's import benchmark generates them, and
// returns their paths.
func writeReports(b *testing.B, dir string, n int, layouts ...gen.Layout) []string {
	b.Helper()
	files := make([]string, n)
	for i := range files {
		s := gen.New(rand.New(rand.NewPCG(uint64(i), 14)), gen.Options{Inconsistent: i%5 == 0, Blanks: i%7 == 0})
		files[i] = filepath.Join(dir, fmt.Sprintf("r%04d.txt", i))
		if err := os.WriteFile(files[i], gen.Render(s, layouts[i%len(layouts)]), 0o644); err != nil {
			b.Fatal(err)
		}
	}
	return files
}

// BenchmarkParseCLI runs `nianbao parse` on 200 report files in each text
// layout, in this process: reading the files, parsing, writing JSON Lines
// to a file. Against BenchmarkReadText (reading from memory) it shows what
// the command adds; the layouts differ mostly in how fast they are parsed.
func BenchmarkParseCLI(b *testing.B) {
	for _, layout := range gen.Layouts {
		b.Run(string(layout), func(b *testing.B) {
			dir := b.TempDir()
			files := writeReports(b, dir, 200, layout)
			out, err := os.Create(filepath.Join(dir, "out.jsonl"))
			if err != nil {
				b.Fatal(err)
			}
			defer out.Close()
			m := &Main{Stdout: out, Stderr: os.Stderr}
			args := append([]string{"parse"}, files...)
			b.ReportAllocs()
			for b.Loop() {
				if _, err := out.Seek(0, 0); err != nil {
					b.Fatal(err)
				}
				if code := m.Run(context.Background(), args); code != exitOK {
					b.Fatalf("exit %d", code)
				}
			}
			b.ReportMetric(float64(b.N*len(files))/b.Elapsed().Seconds(), "reports/s")
		})
	}
}

// BenchmarkParseProcess runs the whole process on one core, as a person
// would: GOMAXPROCS=1 nianbao parse f1 … f2160 > out.jsonl, on 2,160
// reports of every text layout in turn and on 2,160 of the seeds' layout
// (pipe rows). cpu-reports/s counts the process's own CPU time only, which
// other load on the machine disturbs less than the wall clock.
func BenchmarkParseProcess(b *testing.B) {
	for _, c := range []struct {
		name    string
		layouts []gen.Layout
	}{{"mixed", gen.Layouts}, {"pipe-rows", []gen.Layout{gen.PipeRows}}} {
		b.Run(c.name, func(b *testing.B) {
			dir := b.TempDir()
			files := writeReports(b, dir, 2160, c.layouts...)
			var cpu time.Duration
			for b.Loop() {
				out, err := os.Create(filepath.Join(dir, "out.jsonl"))
				if err != nil {
					b.Fatal(err)
				}
				cmd := exec.Command(os.Args[0], append([]string{"parse"}, files...)...)
				cmd.Env = append(os.Environ(), "NIANBAO_RUN_MAIN=1", "GOMAXPROCS=1")
				cmd.Stdout, cmd.Stderr = out, os.Stderr
				err = cmd.Run()
				out.Close()
				if err != nil {
					b.Fatal(err)
				}
				cpu += cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
			}
			b.ReportMetric(float64(b.N*len(files))/b.Elapsed().Seconds(), "reports/s")
			b.ReportMetric(float64(b.N*len(files))/cpu.Seconds(), "cpu-reports/s")
		})
	}
}
