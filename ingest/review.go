package ingest

import (
	"context"
	"slices"
	"strings"
	"unicode/utf8"

	"nianbao"
	"nianbao/audit"
	"nianbao/place"
)

// The reviews that change what is stored (nianbao.Reviser): deleting a
// report softly, restoring it, correcting a misread cell. Each runs in one
// write transaction, which the store logs the change in, and audits again
// what the change affects: the corrected report, and the body's year after
// whose year before is now another report (or a corrected one).

var _ nianbao.Reviser = (*Service)(nil)

// maxReasonRunes caps the reason of a correction or a deletion.
const maxReasonRunes = 500

// reason checks the reason a reviewer gave.
func reason(s string) (string, error) {
	s = strings.TrimSpace(s)
	switch {
	case s == "":
		return "", nianbao.Errorf(nianbao.EINVALID, "请写明理由")
	case utf8.RuneCountInString(s) > maxReasonRunes:
		return "", nianbao.Errorf(nianbao.EINVALID, "理由过长：最多 %d 个字", maxReasonRunes)
	}
	return s, nil
}

// DeleteReport deletes report id softly, for the reason given.
func (s *Service) DeleteReport(ctx context.Context, id int64, why string) error {
	why, err := reason(why)
	if err != nil {
		return err
	}
	return s.setDeleted(ctx, id, true, why)
}

// RestoreReport restores report id, deleted softly.
func (s *Service) RestoreReport(ctx context.Context, id int64) error {
	return s.setDeleted(ctx, id, false, "")
}

func (s *Service) setDeleted(ctx context.Context, id int64, deleted bool, why string) error {
	sr, err := s.FindReport(ctx, id)
	if err != nil {
		return err
	}
	ds, err := s.Deadlines(ctx)
	if err != nil {
		return err
	}
	return s.Write(ctx, func(tx nianbao.ReportTx) error {
		if err := tx.SetDeleted(ctx, id, deleted, why); err != nil {
			return err
		}
		return auditYear(ctx, tx, bodyYear(sr), ds)
	})
}

// auditYear audits the body's reports of the year by again against the
// year before — a restored report's findings may predate a new version of
// it — and the year after against by's current report, which changed;
// with the local deadlines ds, as every audit.
func auditYear(ctx context.Context, tx nianbao.ReportTx, by nianbao.BodyYear, ds audit.Deadlines) error {
	prev, _, linked := by.Neighbours()
	if !linked {
		return nil
	}
	if err := auditAgainst(ctx, tx, by, prev, ds); err != nil {
		return err
	}
	return auditYearAfter(ctx, tx, by, ds)
}

// auditYearAfter audits the body's reports of the year after by again,
// against by's current report (or none): by's current report changed.
func auditYearAfter(ctx context.Context, tx nianbao.ReportTx, by nianbao.BodyYear, ds audit.Deadlines) error {
	_, next, linked := by.Neighbours()
	if !linked {
		return nil
	}
	return auditAgainst(ctx, tx, next, by, ds)
}

// auditAgainst audits every stored report of year again against the
// current report of the year before, prev (or none), and keeps the findings.
func auditAgainst(ctx context.Context, tx nianbao.ReportTx, year, prev nianbao.BodyYear, ds audit.Deadlines) error {
	reports, err := tx.YearReports(ctx, year)
	if err != nil || len(reports) == 0 {
		return err
	}
	cur, err := lastYear(ctx, tx, prev, 0)
	if err != nil {
		return err
	}
	for _, r := range reports {
		check(r, reportOf(cur), storedPlace(r), ds)
		if err := tx.SetFindings(ctx, r.ID, r.Findings); err != nil {
			return err
		}
	}
	return nil
}

// yearBefore returns the body's current report of the year before by,
// or nil.
func yearBefore(ctx context.Context, tx nianbao.ReportTx, by nianbao.BodyYear) (*nianbao.StoredReport, error) {
	prevYear, _, linked := by.Neighbours()
	if !linked {
		return nil, nil
	}
	return lastYear(ctx, tx, prevYear, 0)
}

// CorrectCell records what the document prints in cell c.Cell of report
// id (c.Text, for c.Reason) and audits the corrected report again, and the
// year after against it; a text that states the cell as it was read takes
// the correction back. The reading the correction replaces stays stored
// with it.
func (s *Service) CorrectCell(ctx context.Context, id int64, c nianbao.Correction) (*nianbao.StoredReport, error) {
	why, err := reason(c.Reason)
	if err != nil {
		return nil, err
	}
	text := strings.TrimSpace(c.Text)
	if utf8.RuneCountInString(text) > 40 {
		return nil, nianbao.Errorf(nianbao.EINVALID, "所填内容过长：一格最多 40 个字")
	}
	first, err := s.FindReport(ctx, id)
	if err != nil {
		return nil, err
	}
	ds, err := s.Deadlines(ctx)
	if err != nil {
		return nil, err
	}
	err = s.Write(ctx, func(tx nianbao.ReportTx) error {
		// Take the body's turn, then read the report as it is now.
		if _, err := tx.YearIDs(ctx, bodyYear(first)); err != nil {
			return err
		}
		sr, err := s.FindReport(ctx, id)
		if err != nil {
			return err
		}
		corr, withdraw, err := correction(sr, c.Cell, text)
		if err != nil {
			return err
		}
		corr.Reason = why
		if withdraw {
			sr.Report.Uncorrect(&corr)
		} else {
			sr.Report.Correct(&corr)
		}
		prev, err := yearBefore(ctx, tx, bodyYear(sr))
		if err != nil {
			return err
		}
		check(sr, reportOf(prev), storedPlace(sr), ds)
		if err := tx.SetReport(ctx, sr); err != nil {
			return err
		}
		if err := tx.SetCorrection(ctx, id, &corr, withdraw); err != nil {
			return err
		}
		return auditYearAfter(ctx, tx, bodyYear(sr), ds)
	})
	if err != nil {
		return nil, err
	}
	return s.FindReport(ctx, id)
}

// correction is the correction of cell k of sr to text: the cell's
// earlier correction, whose reading stands, or the cell as read; withdraw
// when text states the cell as it was read.
func correction(sr *nianbao.StoredReport, k nianbao.CellKey, text string) (c nianbao.Correction, withdraw bool, err error) {
	found := false
	for _, old := range sr.Corrections {
		if old.Cell == k {
			c, found = old, true
			break
		}
	}
	if !found {
		var ok bool
		if c, ok = sr.Report.Reading(k); !ok {
			return c, false, nianbao.Errorf(nianbao.EINVALID, "这份报告的格式没有这一格")
		}
	}
	n, kind := nianbao.CellText(text)
	c.Text, c.Kind = text, kind
	read, _ := nianbao.CellText(c.Read)
	same := kind == c.ReadKind && (kind != nianbao.KindNumber || n.Cmp(read) == 0) && (kind != nianbao.KindMark || text == c.Read)
	if c.ReadKind == nianbao.KindInferred {
		same = false // a number inferred is not one printed: stating it is a correction
	}
	if same && !found {
		return c, false, nianbao.Errorf(nianbao.EINVALID, "所填与读取的相同，无需更正")
	}
	return c, same, nil
}

// PlaceStored places the bodies of stored reports from what they say
// (place.Locate; an office's manual placement first) and audits those
// reports again, since the kind decides the deadline: the reports never
// placed — stored before reports kept their place — or with all every
// report not placed by hand (after the divisions changed). It returns how
// many it placed and how many stay unplaced (their notes say why).
func (s *Service) PlaceStored(ctx context.Context, all bool) (placed, unplaced int, err error) {
	ids, err := s.UnplacedIDs(ctx, all)
	if err != nil {
		return 0, 0, err
	}
	ds, err := s.Deadlines(ctx)
	if err != nil {
		return 0, 0, err
	}
	for chunk := range slices.Chunk(ids, writeBatch) {
		var reports []*nianbao.StoredReport
		for _, id := range chunk {
			sr, err := s.FindReport(ctx, id)
			if err != nil {
				return placed, unplaced, err
			}
			p := &pending{sr: sr, deadlines: ds}
			manual, err := s.BodyPlace(ctx, nianbao.AgencyKey(sr.Report.Agency))
			if err != nil {
				return placed, unplaced, err
			}
			p.setPlace(place.Effective(place.Locate(sr.Report), manual))
			if err := s.auditStored(ctx, p); err != nil {
				return placed, unplaced, err
			}
			if p.place.Placed() {
				placed++
			} else {
				unplaced++
			}
			reports = append(reports, sr)
		}
		err := s.Write(ctx, func(tx nianbao.ReportTx) error {
			for _, sr := range reports {
				if err := tx.SetReport(ctx, sr); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return placed, unplaced, err
		}
	}
	return placed, unplaced, nil
}
