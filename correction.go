package nianbao

import (
	"context"
	"strings"
	"time"
)

// Correction records what the document prints in one cell of its tables
// where nianbao read it wrongly or left it unread: a reviewer looked at the
// document and typed what it says. It never changes what the body
// published — a total that does not add up in the document still does not
// — so the reading it replaces stays with it: the value as read (Read,
// ReadKind) and the text as printed where it was read (Printed). The audit
// runs on the corrected report.
type Correction struct {
	Cell CellKey `json:"cell"`
	// Text is what the document prints, as typed: a number, a mark such as
	// "/", or "" for a blank; Kind is what CellText makes of it.
	Text string `json:"text"`
	Kind Kind   `json:"kind"`
	// The cell as nianbao read it: its text and kind ("" when it read
	// nothing there), and the text as printed at its position (the
	// provenance's Raw).
	Read     string    `json:"read"`
	ReadKind Kind      `json:"read_kind"`
	Printed  string    `json:"printed"`
	Reason   string    `json:"reason"`
	By       string    `json:"by"` // the account; "" for the command line
	At       time.Time `json:"at"`
}

// CellText reads what a person typed for a cell: blank when empty, a
// number when it is one (ParseNum), a mark ("/", "—", "无", words)
// otherwise — never 0 for a blank or a mark.
func CellText(text string) (Num, Kind) {
	text = strings.TrimSpace(text)
	if text == "" {
		return Num{}, KindBlank
	}
	if n, ok := ParseNum(text); ok {
		return n, KindNumber
	}
	return Num{}, KindMark
}

// Reading returns a correction of cell k that states the cell as read, for
// Correct to record what it replaces; the caller sets Text, Kind, Reason.
// ok is false when the report's format has no such cell.
func (r *Report) Reading(k CellKey) (c Correction, ok bool) {
	if _, ok := r.Template.Cell(k); !ok {
		return Correction{}, false
	}
	idx := r.CellIndex()
	p := r.Printed(idx, k)
	return Correction{Cell: k, Read: p.Text, ReadKind: p.Kind, Printed: idx[k].Raw}, true
}

// Correct sets the cell of c to what c says the document prints, keeping
// where in the file it was read.
func (r *Report) Correct(c *Correction) {
	n, kind := CellText(c.Text)
	r.setCell(c.Cell, n, kind, strings.TrimSpace(c.Text))
}

// Uncorrect puts the cell of c back as it was read.
func (r *Report) Uncorrect(c *Correction) {
	n, _ := ParseNum(c.Read)
	r.setCell(c.Cell, n, c.ReadKind, c.Printed)
}

// setCell sets cell k's number and its provenance's kind and text; kind ""
// leaves the cell without provenance (nothing read there).
func (r *Report) setCell(k CellKey, n Num, kind Kind, raw string) {
	cell, ok := r.Template.Cell(k)
	if !ok {
		return
	}
	r.Set(cell, n)
	for i := range r.Cells {
		if r.Cells[i].CellKey != k {
			continue
		}
		if kind == "" {
			r.Cells = append(r.Cells[:i], r.Cells[i+1:]...)
		} else {
			r.Cells[i].Kind, r.Cells[i].Raw = kind, raw
		}
		return
	}
	if kind != "" {
		r.Cells = append(r.Cells, Provenance{CellKey: k, Index: cell.Index, Kind: kind, Raw: raw})
	}
}

// Version is one stored version of a body's report for a year: each file
// the body published for it, the newest current (see
// StoredReport.Replaced).
type Version struct {
	ID         int64      `json:"id"`
	Name       string     `json:"name"` // the file's name
	ImportedAt time.Time  `json:"imported_at"`
	Current    bool       `json:"current"`
	DeletedAt  *time.Time `json:"deleted_at,omitempty"`
}

// Reviser keeps the reviews of stored reports that change what a store
// holds: versions, soft deletion, corrections (package ingest over
// package store). Each change is logged in the audit log with the actor
// of ctx, in the change's own transaction.
type Reviser interface {
	// Versions lists every stored version of the body's report for the
	// year of report id, oldest first, deleted ones included.
	Versions(ctx context.Context, id int64) ([]Version, error)
	// DeleteReport deletes report id softly: it leaves every list, count
	// and export, the body's version before it (if any) becomes current
	// again, and RestoreReport brings it back.
	DeleteReport(ctx context.Context, id int64, reason string) error
	RestoreReport(ctx context.Context, id int64) error
	// CorrectCell records c (Cell, Text, Reason) on report id and audits
	// the corrected report again; a Text that states the cell as it was
	// read takes the cell's correction back. It returns the report.
	CorrectCell(ctx context.Context, id int64, c Correction) (*StoredReport, error)
}
