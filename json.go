package nianbao

import (
	"bytes"
	"encoding/json"
	"fmt"
)

// MarshalJSON writes the report in the JSON contract: agency, year,
// template, published_on, then tables 二 (active), 三 (requests) and 四
// (review) with the keys of template.md in template order, then the
// sections, the provenance of every cell, the reader's notes and the source.
func (r *Report) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteString(`{"agency":`)
	writeJSON(&b, r.Agency)
	b.WriteString(`,"year":`)
	if r.Year > 0 {
		fmt.Fprintf(&b, "%d", r.Year)
	} else {
		b.WriteString("null")
	}
	b.WriteString(`,"template":`)
	writeJSON(&b, r.Template)
	b.WriteString(`,"published_on":`)
	if r.PublishedOn != "" {
		writeJSON(&b, r.PublishedOn)
	} else {
		b.WriteString("null")
	}
	// One walk over the template's cells writes the three tables: a new
	// table or row opens its object or array.
	var table Table
	row := ""
	for c := range r.Template.Cells() {
		if c.Key.Table != table {
			b.WriteString(closeRow[table] + closeTable[table])
			b.WriteString(openTable[c.Key.Table])
			table, row = c.Key.Table, ""
		}
		if c.Key.Row != row {
			if row != "" {
				b.WriteString(closeRow[table] + ",")
			}
			writeJSON(&b, c.Key.Row)
			b.WriteString(":" + openRow[table])
			row = c.Key.Row
		} else {
			b.WriteByte(',')
		}
		if table == TableActive {
			writeJSON(&b, c.Key.Column)
			b.WriteByte(':')
		}
		b.WriteString(jsonNum(r.At(c)))
	}
	b.WriteString(closeRow[table] + closeTable[table])
	b.WriteString(`,"sections":`)
	writeJSON(&b, nonNil(r.Sections))
	b.WriteString(`,"cells":`)
	writeJSON(&b, nonNil(r.Cells))
	b.WriteString(`,"notes":`)
	writeJSON(&b, nonNil(r.Notes))
	b.WriteString(`,"source":`)
	writeJSON(&b, r.Source)
	b.WriteByte('}')
	return b.Bytes(), nil
}

// How the three tables are written: table 二 as objects of fields, tables
// 三 and 四 as arrays in template column order.
var (
	openTable  = map[Table]string{TableActive: `,"active":{`, TableRequests: `,"requests":{`, TableReview: `,"review":{`}
	closeTable = map[Table]string{TableActive: "}", TableRequests: "}", TableReview: "}"}
	openRow    = map[Table]string{TableActive: "{", TableRequests: "[", TableReview: "["}
	closeRow   = map[Table]string{TableActive: "}", TableRequests: "]", TableReview: "]"}
)

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

func jsonNum(n Num) string {
	if !n.Valid() {
		return "null"
	}
	return n.String()
}

func writeJSON(b *bytes.Buffer, v any) {
	enc := json.NewEncoder(b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		panic(err) // only plain data is encoded here
	}
	b.Truncate(b.Len() - 1) // Encode's newline
}

// UnmarshalJSON reads a report in the JSON contract. Unknown keys are
// ignored, so ground-truth files and older exports read too.
func (r *Report) UnmarshalJSON(data []byte) error {
	var j struct {
		Agency      string                    `json:"agency"`
		Year        *int                      `json:"year"`
		Template    Template                  `json:"template"`
		PublishedOn *string                   `json:"published_on"`
		Active      map[string]map[string]Num `json:"active"`
		Requests    map[string][]Num          `json:"requests"`
		Review      map[string][]Num          `json:"review"`
		Sections    []Section                 `json:"sections"`
		Cells       []Provenance              `json:"cells"`
		Notes       []Note                    `json:"notes"`
		Source      Source                    `json:"source"`
	}
	if err := json.Unmarshal(data, &j); err != nil {
		return err
	}
	*r = Report{Agency: j.Agency, Template: j.Template, Active: map[string]Num{},
		Sections: j.Sections, Cells: j.Cells, Notes: j.Notes, Source: j.Source}
	if j.Year != nil {
		r.Year = *j.Year
	}
	if j.PublishedOn != nil {
		r.PublishedOn = *j.PublishedOn
	}
	for item, fields := range j.Active {
		for f, n := range fields {
			r.Active[ActiveKey(item, f)] = n
		}
	}
	for key, ns := range j.Requests {
		row, ok := RowByKey(key)
		if !ok {
			return Errorf(EINVALID, "表三没有这一行: %s", key)
		}
		if len(ns) != int(NumColumns) {
			return Errorf(EINVALID, "表三 %s 应有 %d 个数, 实有 %d 个", key, NumColumns, len(ns))
		}
		copy(r.Requests[row][:], ns)
	}
	for g := range NumReviewGroups {
		ns, ok := j.Review[g.Key()]
		if !ok {
			continue
		}
		if len(ns) != int(NumReviewColumns) {
			return Errorf(EINVALID, "表四 %s 应有 %d 个数, 实有 %d 个", g.Key(), NumReviewColumns, len(ns))
		}
		copy(r.Review[g][:], ns)
	}
	return nil
}
