package isolate

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"nianbao"
	"nianbao/reader"
)

// TestMain lets the test binary be its own reading child, and stand in for
// children that misbehave: one that eats memory, one that hangs, one that
// panics.
func TestMain(m *testing.M) {
	if os.Getenv(envChild) == "1" && len(os.Args) > 1 {
		switch os.Args[1] {
		case "hog":
			limitMemory()
			var keep [][]byte
			for {
				keep = append(keep, bytes.Repeat([]byte{1}, 64<<20))
			}
		case "hang":
			time.Sleep(time.Hour)
		case "panic":
			panic("a reader bug")
		}
	}
	Serve()
	os.Exit(m.Run())
}

func self(t *testing.T, args ...string) []string {
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	return append([]string{exe}, args...)
}

// TestRead: a file read in a child is the report read in the process.
func TestRead(t *testing.T) {
	files, _ := filepath.Glob("../testdata/seeds/*.txt")
	files = append(files, "../testdata/real/hongze-2023.pdf", "../testdata/real/shuyang-fgj-2023.html")
	r := &Reader{Command: self(t)}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		want, err := reader.Read(filepath.Base(f), data)
		if err != nil {
			t.Fatal(err)
		}
		got, err := r.Read(t.Context(), filepath.Base(f), data)
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		a, _ := got.MarshalJSON()
		b, _ := want.MarshalJSON()
		if !bytes.Equal(a, b) {
			t.Errorf("%s: read in a child differs from read in the process", f)
		}
	}
}

// TestNotReport: the reader's own error comes back as it was.
func TestNotReport(t *testing.T) {
	r := &Reader{Command: self(t)}
	_, err := r.Read(t.Context(), "a\nb.txt", []byte("这不是年报。"))
	if nianbao.ErrorCode(err) != nianbao.ENOTREPORT || !strings.Contains(err.Error(), "报告") {
		t.Errorf("err = %v (%s)", err, nianbao.ErrorCode(err))
	}
}

// TestLimits: a child that runs out of memory, hangs or panics costs only
// that file, with a message naming what happened.
func TestLimits(t *testing.T) {
	for _, tt := range []struct {
		child, code, says string
		r                 Reader
	}{
		{"hog", nianbao.ETOOLARGE, "内存", Reader{Memory: 512 << 20}},
		{"hang", nianbao.ETOOLARGE, "仍未完成", Reader{Timeout: 300 * time.Millisecond}},
		{"panic", nianbao.EINTERNAL, "意外退出", Reader{}},
	} {
		t.Run(tt.child, func(t *testing.T) {
			r := tt.r
			r.Command = self(t, tt.child)
			start := time.Now()
			_, err := r.Read(t.Context(), "x.txt", []byte("x"))
			if nianbao.ErrorCode(err) != tt.code || !strings.Contains(err.Error(), tt.says) {
				t.Errorf("err = %v (%s); want %s saying %q", err, nianbao.ErrorCode(err), tt.code, tt.says)
			}
			if d := time.Since(start); d > 10*time.Second {
				t.Errorf("took %v", d)
			}
		})
	}
}
