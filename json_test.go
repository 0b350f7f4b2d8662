package nianbao_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"nianbao"
	"nianbao/internal/gen"
	"nianbao/reader"
)

// generated reads reports rendered by internal/gen in every text layout
// and as HTML, DOCX and XLSX (positions of every shape but PDF's), from
// fixed seeds, with blank, marked and inconsistent cells.
func generated(t testing.TB, perLayout int) []*nianbao.Report {
	t.Helper()
	type render struct {
		name   string
		render func(*gen.Sample) []byte
	}
	renders := []render{{"page.html", gen.RenderHTML}, {"report.docx", gen.RenderDOCX}, {"tables.xlsx", gen.RenderXLSX}}
	for _, l := range gen.Layouts {
		renders = append(renders, render{string(l) + ".txt", func(s *gen.Sample) []byte { return gen.Render(s, l) }})
	}
	var out []*nianbao.Report
	for _, r := range renders {
		name, render := r.name, r.render
		for i := range perLayout {
			opt := gen.Options{Blanks: i%3 == 0, Inconsistent: i%4 == 1}
			s := gen.New(rand.New(rand.NewPCG(uint64(i), 1414)), opt)
			rep, err := reader.Read(name, render(s))
			if err != nil {
				t.Fatalf("%s sample %d: %v", name, i, err)
			}
			out = append(out, rep)
		}
	}
	return out
}

// goldens returns the reader's golden reports by file name, in order: the
// PDF ones hold boxes.
func goldens(t testing.TB) (names []string, data [][]byte) {
	t.Helper()
	names, _ = filepath.Glob("reader/testdata/golden/*.json")
	if len(names) == 0 {
		t.Fatal("no golden reports")
	}
	for _, f := range names {
		d, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		data = append(data, d)
	}
	return names, data
}

// TestJSONRoundTrip: every field of a report survives MarshalJSON and
// UnmarshalJSON exactly, the output is JSON encoding/json reads the same,
// and a stored report of an earlier version (verbose cells) reads the same.
func TestJSONRoundTrip(t *testing.T) {
	reports := generated(t, 12)
	names, golden := goldens(t)
	for i, data := range golden {
		name := names[i]
		var rep nianbao.Report
		if err := rep.UnmarshalJSON(data); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		// The golden file is what json.MarshalIndent writes.
		out, err := json.MarshalIndent(&rep, "", "  ")
		if err != nil || !bytes.Equal(append(out, '\n'), data) {
			t.Errorf("%s: written again differs (err %v)", name, err)
		}
		reports = append(reports, &rep)
	}
	compact := 0
	for i, rep := range reports {
		data, err := rep.MarshalJSON()
		if err != nil {
			t.Fatalf("report %d: %v", i, err)
		}
		if !json.Valid(data) {
			t.Fatalf("report %d: not valid JSON: %.200s", i, data)
		}
		var got nianbao.Report
		if err := got.UnmarshalJSON(data); err != nil {
			t.Fatalf("report %d: %v", i, err)
		}
		assertSameReport(t, fmt.Sprint("report ", i), &got, rep)
		ref, err := referenceUnmarshal(data)
		if err != nil {
			t.Fatalf("report %d: encoding/json: %v", i, err)
		}
		assertSameReport(t, fmt.Sprint("report ", i, " by encoding/json"), ref, rep)

		old := verbose(t, data)
		var fromOld nianbao.Report
		if err := fromOld.UnmarshalJSON(old); err != nil {
			t.Fatalf("report %d, verbose cells: %v", i, err)
		}
		assertSameReport(t, fmt.Sprint("report ", i, " from verbose cells"), &fromOld, rep)
		bare := *rep
		bare.Cells = nil
		base, _ := bare.MarshalJSON()
		if cells, verboseCells := len(data)-len(base), len(old)-len(base); cells*5 < verboseCells*3 {
			compact++
		}
	}
	// Every report's provenance takes at most 3/5 of what the verbose
	// cells took (the prose, which can be most of a report, is as it was).
	if compact != len(reports) {
		t.Errorf("%d of %d reports compact", compact, len(reports))
	}
}

// TestJSONVerboseFallback: provenance the compact form cannot say is
// written verbose, and still reads back exactly.
func TestJSONVerboseFallback(t *testing.T) {
	rep := generated(t, 1)[0]
	box := [4]float64{1e-7, 2.5, 1e21, 100}
	odd := []nianbao.Provenance{
		{CellKey: nianbao.CellKey{Table: nianbao.TableRequests, Row: "granted", Column: "research"}, Index: 0, Kind: nianbao.KindMark, Raw: "/"},    // index not the template's
		{CellKey: nianbao.CellKey{Table: nianbao.TableActive, Row: "no_such_item", Column: "x"}, Index: 3, Kind: nianbao.KindNumber, Raw: "\u2028"}, // key not in the template
		{CellKey: nianbao.CellKey{Table: nianbao.TableReview, Row: "reconsideration", Column: "pending"}, Index: 3, Kind: nianbao.KindBlank, Pos: nianbao.Pos{Page: 2}},
		{CellKey: nianbao.CellKey{Table: nianbao.TableReview, Row: "reconsideration", Column: "total"}, Index: 4, Kind: nianbao.KindBlank, Pos: nianbao.Pos{Line: 3, Table: 1}},
		{CellKey: nianbao.CellKey{Table: nianbao.TableReview, Row: "reconsideration", Column: "upheld"}, Index: 0, Kind: nianbao.KindInferred, Pos: nianbao.Pos{Offset: 7, Page: 1, Box: &box}},
	}
	rep.Cells = append(append(odd[:2:2], rep.Cells...), odd[2:]...)
	data, err := rep.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	if n := bytes.Count(data, []byte(`"index":`)); n != 4 {
		t.Errorf("%d cells written verbose; want 4", n)
	}
	var got nianbao.Report
	if err := got.UnmarshalJSON(data); err != nil {
		t.Fatal(err)
	}
	assertSameReport(t, "odd provenance", &got, rep)

	nan := [4]float64{math.NaN()}
	rep.Cells[len(rep.Cells)-1].Pos.Box = &nan
	if _, err := rep.MarshalJSON(); err == nil {
		t.Error("a NaN coordinate was written")
	}
}

// FuzzUnmarshalJSON holds UnmarshalJSON to encoding/json: it accepts
// exactly the inputs json.Unmarshal accepts into the report's fields (the
// reference below) and reads them the same; what it reads is written as
// valid JSON that reads back the same. Inputs with a key twice in an object
// are left out of the comparison: json.Unmarshal's handling of them is an
// accident of its implementation (RFC 8259 leaves it undefined).
func FuzzUnmarshalJSON(f *testing.F) {
	_, golden := goldens(f)
	for _, data := range golden {
		f.Add(data)
		f.Add(verbose(f, data))
	}
	for _, s := range []string{
		`null`, `{}`, ` {"year":null,"template":"2019","AGENCY":"a\u00e9\ud83d\ude00\ud800x"} `,
		`{"active":{"fees":{"amount":1.50,"x":null}},"requests":{"total":[1,2,3,4,5,6,7]}}`,
		`{"review":{"reconsideration":[1,null,0,0,1],"nope":[1]}}`,
		`{"cells":[null,{"table":"requests","row":"total","columns":[["total","number","1",[1,2,3]]]},{"columns":null,"raw":"x"}]}`,
		`{"cells":[{"columns":[["a","b","c",[0,1,2.5,3,4,5]]],"table":"review","row":"reconsideration"}]}`,
		`{"sections":[{"number":1,"pos":{"box":[1,2,3,4,5,"x"]}}],"notes":[{"pos":null}]}`,
		`{"requests":{"total":[1]}}`, `{"year":1.5}`, `{"cells":[[1]]}`, `[1,]`, `{"a":1,}`, "{\"agency\":\"\x01\"}",
		`{"notes":[{"code":"row_candidates","readings":[null,[],[null,{"kind":"number","raw":"69","pos":{"offset":3,"line":1,"col":4},"UNIT":"元","x":1}],[{"pos":null,"kind":null}]]},{"readings":null}]}`,
		`{"notes":[{"readings":[[{"raw":1}]]}]}`, `{"notes":[{"readings":{}}]}`, `{"notes":[{"readings":[]}]}`,
	} {
		f.Add([]byte(s))
	}
	// encoding/json nests at most 10,000 deep, the report object included.
	for _, depth := range []int{9999, 10000} {
		f.Add([]byte(`{"x":` + strings.Repeat("[", depth) + strings.Repeat("]", depth) + "}"))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var got nianbao.Report
		err := got.UnmarshalJSON(data)
		if err == nil && !json.Valid(data) {
			t.Fatalf("accepted invalid JSON")
		}
		if err != nil {
			if e, ok := err.(*nianbao.Error); !ok || e.Code != nianbao.EINVALID {
				t.Fatalf("error is not EINVALID: %v", err)
			}
		}
		if json.Valid(data) && !duplicateKeys(data) {
			want, werr := referenceUnmarshal(data)
			if (err == nil) != (werr == nil) {
				t.Fatalf("UnmarshalJSON: %v; encoding/json: %v", err, werr)
			}
			if err == nil && !reflect.DeepEqual(&got, want) {
				t.Fatalf("read %+v; encoding/json read %+v", &got, want)
			}
		}
		if err != nil {
			return
		}
		out, err := got.MarshalJSON()
		if err != nil || !json.Valid(out) {
			t.Fatalf("written invalid: %v %.200s", err, out)
		}
		var again nianbao.Report
		if err := again.UnmarshalJSON(out); err != nil {
			t.Fatalf("written but not read: %v", err)
		}
		assertSameReport(t, "written and read again", &again, asWritten(&got))
	})
}

// assertSameReport fails unless got and want hold the same values,
// provenance, notes and source; an empty list and none are the same.
func assertSameReport(t *testing.T, name string, got, want *nianbao.Report) {
	t.Helper()
	norm := func(r *nianbao.Report) nianbao.Report {
		c := *r
		if len(c.Sections) == 0 {
			c.Sections = nil
		}
		if len(c.Cells) == 0 {
			c.Cells = nil
		}
		if len(c.Notes) == 0 {
			c.Notes = nil
		}
		if len(c.Active) == 0 {
			c.Active = nil
		}
		return c
	}
	g, w := norm(got), norm(want)
	if reflect.DeepEqual(g, w) {
		return
	}
	for i := range min(len(g.Cells), len(w.Cells)) {
		if !reflect.DeepEqual(g.Cells[i], w.Cells[i]) {
			t.Fatalf("%s: cell %d is %+v; want %+v", name, i, g.Cells[i], w.Cells[i])
		}
	}
	t.Fatalf("%s: read back\n%+v\nwant\n%+v", name, g, w)
}

// asWritten is r as its JSON says it: only the template's cells, no year
// below 1.
func asWritten(r *nianbao.Report) *nianbao.Report {
	c := *r
	c.Active, c.Requests, c.Review = map[string]nianbao.Num{}, [nianbao.NumRows][nianbao.NumColumns]nianbao.Num{}, [nianbao.NumReviewGroups][nianbao.NumReviewColumns]nianbao.Num{}
	for cell := range r.Template.Cells() {
		c.Set(cell, r.At(cell))
	}
	c.Year = max(c.Year, 0)
	c.Notes = slices.Clone(r.Notes)
	for i := range c.Notes {
		if len(c.Notes[i].Readings) == 0 {
			c.Notes[i].Readings = nil // omitted when empty
		}
	}
	return &c
}

// verbose rewrites a report's JSON with its cells in the verbose form of
// earlier versions (encoding/json's form of []Provenance).
func verbose(t testing.TB, data []byte) []byte {
	t.Helper()
	var rep nianbao.Report
	if err := rep.UnmarshalJSON(data); err != nil {
		t.Fatal(err)
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	cells, err := json.Marshal(rep.Cells)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(cells, []byte(`"columns"`)) {
		t.Fatal("[]Provenance marshals in the compact form")
	}
	m["cells"] = cells
	out, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// referenceUnmarshal reads a report with encoding/json into the report's
// fields and the compact cells form as json.go describes it: what
// UnmarshalJSON must read, the slow way.
func referenceUnmarshal(data []byte) (*nianbao.Report, error) {
	var j struct {
		Agency      string                            `json:"agency"`
		Year        *int                              `json:"year"`
		Template    nianbao.Template                  `json:"template"`
		PublishedOn *string                           `json:"published_on"`
		Active      map[string]map[string]nianbao.Num `json:"active"`
		Requests    map[string][]nianbao.Num          `json:"requests"`
		Review      map[string][]nianbao.Num          `json:"review"`
		Preface     string                            `json:"preface"`
		Sections    []nianbao.Section                 `json:"sections"`
		Cells       []json.RawMessage                 `json:"cells"`
		Notes       []nianbao.Note                    `json:"notes"`
		Source      nianbao.Source                    `json:"source"`
	}
	if err := json.Unmarshal(data, &j); err != nil {
		return nil, err
	}
	r := &nianbao.Report{Agency: j.Agency, Template: j.Template, Active: map[string]nianbao.Num{},
		Preface: j.Preface, Sections: j.Sections, Notes: j.Notes, Source: j.Source}
	if j.Year != nil {
		r.Year = *j.Year
	}
	if j.PublishedOn != nil {
		r.PublishedOn = *j.PublishedOn
	}
	for item, fields := range j.Active {
		for f, n := range fields {
			if n.Valid() {
				r.Active[nianbao.ActiveKey(item, f)] = n
			}
		}
	}
	for key, ns := range j.Requests {
		row, ok := nianbao.RowByKey(key)
		if !ok || len(ns) != int(nianbao.NumColumns) {
			return nil, fmt.Errorf("requests %s: %d numbers", key, len(ns))
		}
		copy(r.Requests[row][:], ns)
	}
	for g := range nianbao.NumReviewGroups {
		if ns, ok := j.Review[g.Key()]; ok {
			if len(ns) != int(nianbao.NumReviewColumns) {
				return nil, fmt.Errorf("review %s: %d numbers", g.Key(), len(ns))
			}
			copy(r.Review[g][:], ns)
		}
	}
	if j.Cells != nil {
		r.Cells = []nianbao.Provenance{}
	}
	for _, raw := range j.Cells {
		var e struct {
			nianbao.Provenance
			Columns *[]json.RawMessage `json:"columns"`
		}
		if err := json.Unmarshal(raw, &e); err != nil {
			return nil, err
		}
		if e.Columns == nil {
			r.Cells = append(r.Cells, e.Provenance)
			continue
		}
		for _, raw := range *e.Columns {
			p, err := referenceCompactCell(raw)
			if err != nil {
				return nil, err
			}
			p.Table, p.Row = e.Table, e.Row
			if c, ok := r.Template.Cell(p.CellKey); ok {
				p.Index = c.Index
			}
			r.Cells = append(r.Cells, p)
		}
	}
	return r, nil
}

func referenceCompactCell(raw json.RawMessage) (nianbao.Provenance, error) {
	var p nianbao.Provenance
	var parts, pos []json.RawMessage
	if err := json.Unmarshal(raw, &parts); err != nil {
		return p, err
	}
	if len(parts) != 4 && len(parts) != 5 {
		return p, fmt.Errorf("cell of %d parts", len(parts))
	}
	if len(parts) == 5 {
		if err := json.Unmarshal(parts[4], &p.Unit); err != nil {
			return p, err
		}
	}
	for i, s := range []*string{&p.Column, (*string)(&p.Kind), &p.Raw} {
		if err := json.Unmarshal(parts[i], s); err != nil {
			return p, err
		}
	}
	if err := json.Unmarshal(parts[3], &pos); err != nil {
		return p, err
	}
	var ints []*int
	switch len(pos) {
	case 1:
		ints = []*int{&p.Pos.Offset}
	case 3:
		ints = []*int{&p.Pos.Offset, &p.Pos.Line, &p.Pos.Col}
	case 4:
		ints = []*int{&p.Pos.Offset, &p.Pos.Table, &p.Pos.Row, &p.Pos.Col}
	case 6:
		ints = []*int{&p.Pos.Offset, &p.Pos.Page}
		p.Pos.Box = new([4]float64)
		for i := range p.Pos.Box {
			if err := json.Unmarshal(pos[2+i], &p.Pos.Box[i]); err != nil {
				return p, err
			}
		}
	default:
		return p, fmt.Errorf("position of %d numbers", len(pos))
	}
	for i, n := range ints {
		if err := json.Unmarshal(pos[i], n); err != nil {
			return p, err
		}
	}
	return p, nil
}

// duplicateKeys reports whether some object of valid JSON data has a key
// twice, regardless of case as json.Unmarshal matches struct fields.
func duplicateKeys(data []byte) bool {
	dec := json.NewDecoder(bytes.NewReader(data))
	var walk func() bool
	walk = func() bool {
		tok, err := dec.Token()
		if err != nil {
			return false
		}
		switch tok {
		case json.Delim('{'):
			var keys []string
			for dec.More() {
				k, _ := dec.Token()
				for _, seen := range keys {
					if strings.EqualFold(seen, k.(string)) {
						return true
					}
				}
				keys = append(keys, k.(string))
				if walk() {
					return true
				}
			}
			dec.Token()
		case json.Delim('['):
			for dec.More() {
				if walk() {
					return true
				}
			}
			dec.Token()
		}
		return false
	}
	return walk()
}

// BenchmarkMarshalJSON and BenchmarkUnmarshalJSON write and read the
// golden reports (text, web page, Word and PDF), one per iteration.
func BenchmarkMarshalJSON(b *testing.B) {
	reps := goldenReports(b)
	var buf []byte
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		var err error
		if buf, err = reps[i%len(reps)].AppendJSON(buf[:0]); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkUnmarshalJSON(b *testing.B) {
	var data [][]byte
	_, golden := goldens(b)
	for _, d := range golden {
		var c bytes.Buffer
		if err := json.Compact(&c, d); err != nil {
			b.Fatal(err)
		}
		data = append(data, c.Bytes())
	}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		var rep nianbao.Report
		if err := rep.UnmarshalJSON(data[i%len(data)]); err != nil {
			b.Fatal(err)
		}
	}
}

func goldenReports(b *testing.B) []*nianbao.Report {
	var reps []*nianbao.Report
	_, golden := goldens(b)
	for _, d := range golden {
		var rep nianbao.Report
		if err := rep.UnmarshalJSON(d); err != nil {
			b.Fatal(err)
		}
		reps = append(reps, &rep)
	}
	return reps
}
