package store

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"
	"sync"
	"testing"

	"nianbao"
	"nianbao/ingest"
)

// TestBackupRestore: a backup taken while reports are being written holds
// a consistent store; restored, it gives the same reports and the same
// source files byte for byte.
func TestBackupRestore(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	dbPath := filepath.Join(dir, "live.db")
	s := openSQLiteStore(t, dbPath)
	for name, data := range seedFiles(t) {
		if _, _, err := ingest.New(s).AddReport(ctx, name, data); err != nil {
			t.Fatal(err)
		}
	}
	// Writes go on while the backup is taken.
	var wg sync.WaitGroup
	wg.Go(func() {
		for i, data := range generated(3, 40) {
			ingest.New(s).AddReport(ctx, fmt.Sprintf("g%d.txt", i), data)
		}
	})
	backup := filepath.Join(dir, "backup.db")
	if err := s.Backup(ctx, backup); err != nil {
		t.Fatal(err)
	}
	wg.Wait()
	if err := s.Backup(ctx, backup); nianbao.ErrorCode(err) != nianbao.EINVALID {
		t.Errorf("backup over an existing file: %v", err)
	}

	// What the backup holds, read from the backup itself.
	fromBackup := openSQLiteStore(t, backup)
	want, n, err := fromBackup.FindReports(ctx, nianbao.ReportFilter{Limit: 500})
	if err != nil || n < len(seedFiles(t)) {
		t.Fatalf("backup holds %d reports (%v)", n, err)
	}
	fromBackup.Close()

	restored := filepath.Join(dir, "restored.db")
	if err := Restore(ctx, backup, restored); err != nil {
		t.Fatal(err)
	}
	r := openSQLiteStore(t, restored)
	got, m, err := r.FindReports(ctx, nianbao.ReportFilter{Limit: 500})
	if err != nil || m != n {
		t.Fatalf("restored %d reports; backup held %d (%v)", m, n, err)
	}
	for i := range got {
		if got[i].ID != want[i].ID || got[i].Report.Source.SHA256 != want[i].Report.Source.SHA256 {
			t.Fatalf("report %d differs", i)
		}
		_, a, err := r.Source(ctx, got[i].ID)
		if err != nil {
			t.Fatal(err)
		}
		_, b, _ := s.Source(ctx, got[i].ID)
		if !bytes.Equal(a, b) {
			t.Errorf("report %d: source differs from the live store's", got[i].ID)
		}
		full, err := r.FindReport(ctx, got[i].ID)
		if err != nil || full.Report.Source.SHA256 != got[i].Report.Source.SHA256 {
			t.Errorf("report %d: %v", got[i].ID, err)
		}
	}

	// A file that is not a backup is refused and replaces nothing.
	if err := Restore(ctx, filepath.Join("..", "testdata", "seeds", "000_e75d9df8b36af8be.txt"), restored); nianbao.ErrorCode(err) != nianbao.EINVALID {
		t.Errorf("restore from a text file: %v", err)
	}
	if _, m2, _ := r.FindReports(ctx, nianbao.ReportFilter{}); m2 != m {
		t.Errorf("a refused restore changed the database")
	}
}
