package ingest

import (
	"context"
	"errors"
	"sync"
	"time"

	"nianbao"
)

// File is a file to import: its name, and how to get its bytes (called
// by the worker that reads it, so that files are loaded in parallel and
// only a few are in memory at once).
type File struct {
	Name string
	Load func() ([]byte, error)
}

// Imported is the outcome of importing one file.
type Imported struct {
	Name    string
	ID      int64 // the stored report, 0 when Err is set
	Created bool  // false when the file was stored already
	Err     error // why the file is not stored: the reader's *nianbao.Error, or a database failure
}

// The batches Import writes: the reports read in importDelay from the
// first, up to importBatch.
const (
	importBatch = 128
	importDelay = 250 * time.Millisecond
)

// Import adds many files as AddReport does, reading and auditing workers
// of them at a time, and writing the reports in batches, one transaction
// each. On SQLite, where a commit writes out every page it changed, the
// pages a batch's reports share (the ends of the tables and indexes) are
// written once a batch rather than once a report. It calls done for each
// file, never from two goroutines at once, when the file has failed or its
// batch is committed: that is the import's progress.
//
// When ctx is done, Import starts on no more files; the reports already
// read are still written and committed, and their files reported. Files
// not started, or stopped while they were read, are not reported. Import
// returns ctx's error then.
func (in *Ingester) Import(ctx context.Context, files []File, workers int, done func(Imported)) error {
	var mu sync.Mutex
	report := func(r Imported) {
		mu.Lock()
		defer mu.Unlock()
		done(r)
	}
	// Room for a batch to be read while the one before is written.
	ready := make(chan importing, importBatch)
	next := make(chan File)
	var wg sync.WaitGroup
	for range max(workers, 1) {
		wg.Go(func() {
			for f := range next {
				data, err := f.Load()
				if err != nil {
					report(Imported{Name: f.Name, Err: err})
					continue
				}
				p, existing, err := in.prepare(ctx, f.Name, data)
				switch {
				case err != nil && ctx.Err() != nil && (errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)):
					// Stopped half-way: as if never started.
				case err != nil:
					report(Imported{Name: f.Name, Err: err})
				case existing != 0:
					report(Imported{Name: f.Name, ID: existing})
				default:
					ready <- importing{f.Name, p}
				}
			}
		})
	}
	go func() {
		defer close(ready)
		defer wg.Wait()
		defer close(next)
		for _, f := range files {
			select {
			case next <- f:
			case <-ctx.Done():
				return
			}
		}
	}()
	// Write what the workers have read, to the end, even when ctx is done.
	wctx := context.WithoutCancel(ctx)
	for first := range ready {
		batch := []importing{first}
		timer := time.NewTimer(importDelay)
	collect:
		for len(batch) < importBatch {
			select {
			case p, ok := <-ready:
				if !ok {
					break collect
				}
				batch = append(batch, p)
			case <-timer.C:
				break collect
			}
		}
		timer.Stop()
		for _, r := range in.writeBatch(wctx, batch) {
			report(r)
		}
	}
	return ctx.Err()
}

// importing is a file read and audited, waiting for its batch.
type importing struct {
	name string
	p    *pending
}

// writeBatch writes the reports in one transaction. Should that fail (on
// PostgreSQL, say, a deadlock with another import that locked the same
// bodies in another order), each report is written again in a
// transaction of its own, so that one failure does not undo the others.
// (A savepoint for each report would do the same at a cost: SQLite copies
// every page a savepoint changes to a journal first.)
func (in *Ingester) writeBatch(ctx context.Context, batch []importing) []Imported {
	out := make([]Imported, len(batch))
	for i, b := range batch {
		out[i].Name = b.name
	}
	err := in.st.Write(ctx, func(tx nianbao.ReportTx) error {
		for i, b := range batch {
			created, err := b.p.write(ctx, tx)
			if err != nil {
				return err
			}
			out[i].Created = created
		}
		return nil
	})
	if err != nil {
		for i, b := range batch {
			out[i].Err = in.st.Write(ctx, func(tx nianbao.ReportTx) error {
				var err error
				out[i].Created, err = b.p.write(ctx, tx)
				return err
			})
		}
	}
	var written []*pending
	for i, b := range batch {
		if out[i].Err == nil && out[i].Created {
			written = append(written, b.p)
		}
	}
	if _, err := in.auditNewDeadlines(ctx, written); err != nil {
		// A database failure after the commit: the reports are stored,
		// but perhaps audited by the deadlines of a moment ago; say so
		// rather than report them stored as they should be.
		for i := range out {
			if out[i].Created {
				out[i].Err = err
			}
		}
	}
	for i, b := range batch {
		switch {
		case out[i].Err != nil:
			out[i].Created = false
		case out[i].Created:
			out[i].ID = b.p.sr.ID
		default:
			// Stored since it was read: by this batch, or by someone else.
			out[i].ID, out[i].Err = in.existing(ctx, b.p)
		}
	}
	return out
}
