package reader

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"nianbao"
	"nianbao/reader/internal/limit"
)

// FuzzRead feeds arbitrary bytes to the reader, starting from the seed
// reports: it must never panic, must fail only with a *nianbao.Error that
// says why, must read a document that keeps the rules (document.Check),
// and what it reads must always marshal to the JSON contract.
func FuzzRead(f *testing.F) {
	files, _ := filepath.Glob("../testdata/seeds/*.txt")
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte("三、收到和处理政府信息公开申请情况\n（七）总计 | 1 | 0 |\n"))
	f.Add([]byte(`报告\n<table style=\'x\'><tr><td>规章\u4e00<\/td><\/tr><\/table>`)) // a script string
	f.Fuzz(func(t *testing.T, data []byte) {
		if doc, _, err := readDocument(sniff(data), data, limit.New(limit.Limits{})); err == nil {
			if err := doc.Check(); err != nil {
				t.Fatal(err)
			}
		}
		rep, err := Read("fuzz.txt", data)
		if err != nil {
			var e *nianbao.Error
			if !errors.As(err, &e) || e.Message == "" {
				t.Fatalf("error without a reason: %v", err)
			}
			if e.Code == nianbao.EINTERNAL { // a panic ReadFile recovered from
				t.Fatal(err)
			}
			return
		}
		if _, err := json.Marshal(rep); err != nil {
			t.Fatal(err)
		}
	})
}
