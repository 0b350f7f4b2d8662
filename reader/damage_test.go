package reader

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"sort"
	"testing"

	"nianbao"
	"nianbao/internal/gen"
	"nianbao/internal/truth"
)

// damageRenderings are the renderings TestRoundTripDamage reads: every
// text layout and every grid format written in Go. single says the text
// layout runs digits together, so that only single-digit samples settle
// every cell from the text.
var damageRenderings = func() []struct {
	name   string
	file   string
	single bool
	render func(*gen.Sample) []byte
} {
	type rendering = struct {
		name   string
		file   string
		single bool
		render func(*gen.Sample) []byte
	}
	var out []rendering
	for _, l := range slices.Concat(gen.Layouts, gen.DamagedLayouts) {
		squashed := l == gen.Squashed || l == gen.OneLine || l == gen.Scraped
		out = append(out, rendering{string(l), "generated.txt", squashed, func(s *gen.Sample) []byte { return gen.Render(s, l) }})
	}
	for _, f := range gridFormats {
		out = append(out, rendering{f.name, f.name, false, f.render})
	}
	// Markup cut out of a script string, escapes and all (issue 9 class 3),
	// with all damage together: the other classes are read in it already.
	return append(out, rendering{"script.txt", "script.txt", false, gen.RenderScriptFragment})
}()

// damageScore is what one class of damage read back to in one rendering.
type damageScore struct {
	reports, exact int // samples, and those read back exactly
	cells, same    int // printed cells of the truth, and those read back as printed
}

// TestRoundTripDamage renders generated reports with each class of real
// reports' damage (gen.Damages: typos, spaces inside labels with a group
// label repeated and spaced digits, a row of table 二 not printed, every
// zero blank, amounts with their unit, table 二 in the other format) in
// every text layout and grid format, reads them back and holds the
// readers to what a correct reader returns: every number as printed or
// unread with a note on its row (never a different number, never silent),
// a row not printed null with a note, the report's cells a table 二 of
// the other format has not null with one note on the table, blanks blank, an amount's stated unit beside it, a misprinted label read
// by best match with a note — and at least damageFloors of the reports
// and cells exact. Seeds are fixed, so a failure names its sample.
func TestRoundTripDamage(t *testing.T) {
	const samples = 30
	scores := map[string]*damageScore{}
	for _, d := range gen.Damages {
		for i := range samples {
			var both [2]*gen.Sample // without and with single digits
			for k := range both {
				opt := gen.Options{Blanks: i%3 == 0, Inconsistent: i%4 == 1, SingleDigits: k == 1, Damage: d.Damage}
				both[k] = gen.New(rand.New(rand.NewPCG(uint64(i), 2026)), opt)
			}
			for _, r := range damageRenderings {
				if r.name == "script.txt" && d.Damage != gen.AllDamage {
					continue
				}
				single := r.single && i%2 == 0
				s := both[0]
				if single {
					s = both[1]
				}
				name := fmt.Sprintf("%s sample %d single=%v %s", d.Name, i, single, r.name)
				rep, err := Read(r.file, r.render(s))
				if err != nil {
					t.Errorf("%s: %v", name, err)
					continue
				}
				key := fmt.Sprintf("%s %s single=%v", d.Name, r.name, single)
				if scores[key] == nil {
					scores[key] = &damageScore{}
				}
				damageCompare(t, name, s, rep, r.single, scores[key])
				if d.Damage&gen.MixedFormat != 0 && !hasNote(rep, nianbao.NoteMixedFormat, nianbao.TableActive, "") {
					t.Errorf("%s: table 二 is printed in the other format and has no note", name)
				}
				if d.Damage&gen.Typos != 0 && len(rep.Cells) > 0 && !hasNote(rep, nianbao.NoteFuzzyLabel, nianbao.TableRequests, nianbao.WithheldLawProhibited.Key()) {
					t.Errorf("%s: the misprinted label of %s has no note", name, nianbao.WithheldLawProhibited.Spec().Label)
				}
			}
		}
	}
	var keys []string
	for k := range scores {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		sc := scores[k]
		floor, ok := damageFloors[k]
		switch {
		case !ok:
			t.Errorf("%s: %d/%d reports, %d/%d cells read exactly, and no floor is set", k, sc.exact, sc.reports, sc.same, sc.cells)
		case sc.exact < floor.reports || float64(sc.same) < floor.cells/100*float64(sc.cells):
			t.Errorf("%s: %d/%d reports, %.2f%% of cells read exactly; at least %d reports and %.2f%% did",
				k, sc.exact, sc.reports, 100*float64(sc.same)/float64(sc.cells), floor.reports, floor.cells)
		}
		if testing.Verbose() {
			t.Logf("%-40s %2d/%d reports %7.3f%% cells", k, sc.exact, sc.reports, 100*float64(sc.same)/float64(sc.cells))
		}
	}
}

// damageCompare scores one reading against its sample and reports what a
// correct reader never does: a number other than the one printed, a cell
// left unread without a note on its row, a row not printed without a
// note, a blank or mark read as something else, an amount without the
// unit it is stated in, a misprinted label of table 三 without a note.
func damageCompare(t *testing.T, name string, s *gen.Sample, got *nianbao.Report, squashed bool, sc *damageScore) {
	t.Helper()
	want := s.Report
	sc.reports++
	// Metadata read otherwise leaves the report inexact (the floors say
	// how many may be).
	exact := got.Agency == want.Agency && got.Year == want.Year && got.Template == want.Template && got.PublishedOn == want.PublishedOn
	noted := map[string]bool{}
	mixed := false // a note that table 二 is printed in the other format
	for _, n := range got.Notes {
		noted[string(n.Table)+"/"+n.Row] = true
		mixed = mixed || n.Code == nianbao.NoteMixedFormat && n.Table == nianbao.TableActive
	}
	gi := got.CellIndex()
	for c := range want.Template.Cells() {
		g, w := got.At(c), want.At(c)
		_, marked := s.Marks[c.Key]
		printed := w.Valid() || marked
		row := c.Key.Row
		if c.Key.Table == nianbao.TableReview {
			row = "" // table 四 is noted as a whole
		}
		rowNoted := noted[string(c.Key.Table)+"/"+row] || noted[string(c.Key.Table)+"/"]
		if printed {
			sc.cells++
		}
		switch {
		case !printed && !g.Valid():
			if c.Key.Table == nianbao.TableActive && !noted[string(c.Key.Table)+"/"+row] && !mixed {
				t.Errorf("%s: %s is not printed and has no note", name, c.Label)
			}
			continue
		case g.Valid() && !truth.Same(g, w):
			t.Errorf("%s: %s = %q; printed %q (wrong)", name, c.Label, g, w)
		case !g.Valid() && w.Valid():
			if !rowNoted {
				t.Errorf("%s: %s unread with no note on its row; printed %q (silent)", name, c.Label, w)
			}
		case marked:
			p := gi[c.Key]
			wantKind := nianbao.KindMark
			if s.Marks[c.Key] == "" {
				wantKind = nianbao.KindBlank
			}
			if p.Kind != wantKind && !(p.Kind == "" && rowNoted) {
				t.Errorf("%s: %s read as %s %q; printed %q", name, c.Label, p.Kind, p.Raw, s.Marks[c.Key])
				break
			}
			sc.same++
			continue
		default:
			if u := s.StatedUnit(c.Key, squashed); u != "" && gi[c.Key].Unit != u {
				t.Errorf("%s: %s = %s stated in %s; unit read as %q", name, c.Label, g, u, gi[c.Key].Unit)
				break
			}
			sc.same++
			continue
		}
		exact = false
	}
	if exact {
		sc.exact++
	}
}

// damageFloors are the least TestRoundTripDamage's samples of each class
// and rendering read back exactly: reports (of 30 samples; 15 where the
// rendering runs digits together and single=… splits them) and the
// percentage of printed cells. Grid formats and pipe, tab, cell-line and
// Markdown text read every damaged sample exactly, and so do squashed
// texts of single digits. What is below that, each cell unread with a
// note and never a wrong number, is left for the reader to raise:
//   - squashed text with numbers of several digits: runs the arithmetic
//     cannot cut (issue 9 class 7), as without damage;
//   - columns with every zero blank: a blank prints nothing; tables 三
//     and 四 place their cells by the header's columns when no full row
//     is left to learn the columns' edges from (placeByHeader,
//     placeByReviewHeader), but table 二 does not yet, and its rows of
//     fewer cells stay unread;
//
// Raise a floor when the reader gets better.
var damageFloors = map[string]struct {
	reports int
	cells   float64
}{
	"all cell-lines single=false":            {30, 100.00},
	"all columns single=false":               {29, 99.86},
	"all content.txt single=false":           {30, 100.00},
	"all markdown single=false":              {30, 100.00},
	"all one-line single=false":              {2, 95.16},
	"all one-line single=true":               {15, 100.00},
	"all page.html single=false":             {30, 100.00},
	"all pipe-rows single=false":             {30, 100.00},
	"all printed.docx single=false":          {30, 100.00},
	"all printed.html single=false":          {30, 100.00},
	"all report.docx single=false":           {30, 100.00},
	"all scraped single=false":               {2, 95.52},
	"all scraped single=true":                {15, 100.00},
	"all script.txt single=false":            {30, 100.00},
	"all squashed single=false":              {2, 95.16},
	"all squashed single=true":               {15, 100.00},
	"all tables.xlsx single=false":           {30, 100.00},
	"all tabs single=false":                  {30, 100.00},
	"dropped-row cell-lines single=false":    {30, 100.00},
	"dropped-row columns single=false":       {30, 100.00},
	"dropped-row content.txt single=false":   {30, 100.00},
	"dropped-row markdown single=false":      {30, 100.00},
	"dropped-row one-line single=false":      {4, 96.43},
	"dropped-row one-line single=true":       {15, 100.00},
	"dropped-row page.html single=false":     {30, 100.00},
	"dropped-row pipe-rows single=false":     {30, 100.00},
	"dropped-row printed.docx single=false":  {30, 100.00},
	"dropped-row printed.html single=false":  {30, 100.00},
	"dropped-row report.docx single=false":   {30, 100.00},
	"dropped-row scraped single=false":       {4, 96.43},
	"dropped-row scraped single=true":        {15, 100.00},
	"dropped-row squashed single=false":      {4, 96.43},
	"dropped-row squashed single=true":       {15, 100.00},
	"dropped-row tables.xlsx single=false":   {30, 100.00},
	"dropped-row tabs single=false":          {30, 100.00},
	"mixed-format cell-lines single=false":   {30, 100.00},
	"mixed-format columns single=false":      {30, 100.00},
	"mixed-format content.txt single=false":  {30, 100.00},
	"mixed-format markdown single=false":     {30, 100.00},
	"mixed-format one-line single=false":     {7, 98.75},
	"mixed-format one-line single=true":      {15, 100.00},
	"mixed-format page.html single=false":    {30, 100.00},
	"mixed-format pipe-rows single=false":    {30, 100.00},
	"mixed-format printed.docx single=false": {30, 100.00},
	"mixed-format printed.html single=false": {30, 100.00},
	"mixed-format report.docx single=false":  {30, 100.00},
	"mixed-format scraped single=false":      {7, 98.75},
	"mixed-format scraped single=true":       {15, 100.00},
	"mixed-format squashed single=false":     {7, 98.75},
	"mixed-format squashed single=true":      {15, 100.00},
	"mixed-format tables.xlsx single=false":  {30, 100.00},
	"mixed-format tabs single=false":         {30, 100.00},
	"spaced cell-lines single=false":         {30, 100.00},
	"spaced columns single=false":            {29, 99.87},
	"spaced content.txt single=false":        {30, 100.00},
	"spaced markdown single=false":           {30, 100.00},
	"spaced one-line single=false":           {2, 96.38},
	"spaced one-line single=true":            {15, 100.00},
	"spaced page.html single=false":          {30, 100.00},
	"spaced pipe-rows single=false":          {30, 100.00},
	"spaced printed.docx single=false":       {30, 100.00},
	"spaced printed.html single=false":       {30, 100.00},
	"spaced report.docx single=false":        {30, 100.00},
	"spaced scraped single=false":            {2, 96.38},
	"spaced scraped single=true":             {15, 100.00},
	"spaced squashed single=false":           {2, 96.38},
	"spaced squashed single=true":            {15, 100.00},
	"spaced tables.xlsx single=false":        {30, 100.00},
	"spaced tabs single=false":               {30, 100.00},
	"typos cell-lines single=false":          {30, 100.00},
	"typos columns single=false":             {30, 100.00},
	"typos content.txt single=false":         {30, 100.00},
	"typos markdown single=false":            {30, 100.00},
	"typos one-line single=false":            {2, 95.93},
	"typos one-line single=true":             {15, 100.00},
	"typos page.html single=false":           {30, 100.00},
	"typos pipe-rows single=false":           {30, 100.00},
	"typos printed.docx single=false":        {30, 100.00},
	"typos printed.html single=false":        {30, 100.00},
	"typos report.docx single=false":         {30, 100.00},
	"typos scraped single=false":             {2, 95.93},
	"typos scraped single=true":              {15, 100.00},
	"typos squashed single=false":            {2, 95.93},
	"typos squashed single=true":             {15, 100.00},
	"typos tables.xlsx single=false":         {30, 100.00},
	"typos tabs single=false":                {30, 100.00},
	"units cell-lines single=false":          {30, 100.00},
	"units columns single=false":             {30, 100.00},
	"units content.txt single=false":         {30, 100.00},
	"units markdown single=false":            {30, 100.00},
	"units one-line single=false":            {2, 95.93},
	"units one-line single=true":             {15, 100.00},
	"units page.html single=false":           {30, 100.00},
	"units pipe-rows single=false":           {30, 100.00},
	"units printed.docx single=false":        {30, 100.00},
	"units printed.html single=false":        {30, 100.00},
	"units report.docx single=false":         {30, 100.00},
	"units scraped single=false":             {2, 95.93},
	"units scraped single=true":              {15, 100.00},
	"units squashed single=false":            {2, 95.93},
	"units squashed single=true":             {15, 100.00},
	"units tables.xlsx single=false":         {30, 100.00},
	"units tabs single=false":                {30, 100.00},
	"zeros-blank cell-lines single=false":    {30, 100.00},
	"zeros-blank columns single=false":       {29, 99.86},
	"zeros-blank content.txt single=false":   {30, 100.00},
	"zeros-blank markdown single=false":      {30, 100.00},
	"zeros-blank one-line single=false":      {1, 94.75},
	"zeros-blank one-line single=true":       {15, 100.00},
	"zeros-blank page.html single=false":     {30, 100.00},
	"zeros-blank pipe-rows single=false":     {30, 100.00},
	"zeros-blank printed.docx single=false":  {30, 100.00},
	"zeros-blank printed.html single=false":  {30, 100.00},
	"zeros-blank report.docx single=false":   {30, 100.00},
	"zeros-blank scraped single=false":       {1, 95.10},
	"zeros-blank scraped single=true":        {15, 100.00},
	"zeros-blank squashed single=false":      {1, 94.75},
	"zeros-blank squashed single=true":       {15, 100.00},
	"zeros-blank tables.xlsx single=false":   {30, 100.00},
	"zeros-blank tabs single=false":          {30, 100.00},
}

// hasNote reports whether the report has a note with the code on the row.
func hasNote(rep *nianbao.Report, code string, table nianbao.Table, row string) bool {
	for _, n := range rep.Notes {
		if n.Code == code && n.Table == table && n.Row == row {
			return true
		}
	}
	return false
}
