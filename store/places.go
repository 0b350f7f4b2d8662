package store

import (
	"context"
	"database/sql"
	"errors"
	"slices"

	"nianbao"
	"nianbao/place"
)

// BodyPlace returns the placement an office made by hand for the body
// with this agency key, or the zero Placement when none.
func (s *Store) BodyPlace(ctx context.Context, agencyKey string) (place.Placement, error) {
	if agencyKey == "" {
		return place.Placement{}, nil
	}
	var p place.Placement
	var kind string
	err := s.db.QueryRowContext(ctx, `SELECT code, kind, note FROM body_places WHERE agency_key = $1`, agencyKey).
		Scan(&p.Code, &kind, &p.Note)
	if errors.Is(err, sql.ErrNoRows) {
		return place.Placement{}, nil
	} else if err != nil {
		return place.Placement{}, internal(err)
	}
	p.Kind, p.Manual = place.Kind(kind), true
	return p, nil
}

// PlaceBody keeps p (place.Manual) as the body's placement and places
// every stored report of the body there, in one transaction; by is the
// account that placed it. A kind left empty keeps each report's own. It
// returns the ids of the reports it placed, for their audit to be run
// again (the kind decides the deadline: ingest.Service.PlaceBody).
func (s *Store) PlaceBody(ctx context.Context, agencyKey string, p place.Placement, by string) ([]int64, error) {
	if agencyKey == "" {
		return nil, nianbao.Errorf(nianbao.EINVALID, "报告未署机关名称，无法按机关定位")
	}
	if !p.Manual || !p.Placed() {
		return nil, nianbao.Errorf(nianbao.EINVALID, "人工定位须给出区划")
	}
	tx, err := s.wdb.BeginTx(ctx, nil)
	if err != nil {
		return nil, internal(err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `INSERT INTO body_places (agency_key, code, kind, note, placed_by, placed_at)
		VALUES ($1, $2, $3, $4, $5, $6)
		ON CONFLICT (agency_key) DO UPDATE SET code = excluded.code, kind = excluded.kind,
			note = excluded.note, placed_by = excluded.placed_by, placed_at = excluded.placed_at`,
		agencyKey, p.Code, string(p.Kind), p.Note, by, now()); err != nil {
		return nil, internal(err)
	}
	ids, err := scanIDs(tx.QueryContext(ctx, `UPDATE reports SET place_key = $1,
		place_kind = CASE WHEN $2 = '' THEN place_kind ELSE $2 END, place_note = $3, place_manual = TRUE
		WHERE agency_key = $4 RETURNING id`, place.Key(p.Code), string(p.Kind), p.Note, agencyKey))
	if err != nil {
		return nil, err
	}
	slices.Sort(ids)
	return ids, internal(tx.Commit())
}

// UnplacedIDs returns the ids of the stored reports never placed (stored
// before migration 0005, which start unplaced without a note), or with
// all of every report not placed by hand, in the order they were stored:
// what ingest.Service.PlaceStored places from their stored text.
func (s *Store) UnplacedIDs(ctx context.Context, all bool) ([]int64, error) {
	q := `SELECT id FROM reports WHERE NOT place_manual AND place_key = 0 AND place_kind = '' AND place_note = '' ORDER BY id`
	if all {
		q = `SELECT id FROM reports WHERE NOT place_manual ORDER BY id`
	}
	return scanIDs(s.db.QueryContext(ctx, q))
}
