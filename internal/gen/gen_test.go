package gen

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"nianbao"
)

const samples = 300

func sample(seed uint64, opt Options) *Sample {
	return New(rand.New(rand.NewPCG(seed, 42)), opt)
}

// options cycles through every combination of the flags.
func options(seed uint64) Options {
	return Options{Inconsistent: seed&1 != 0, Blanks: seed&2 != 0, SingleDigits: seed&4 != 0}
}

func TestDeterministic(t *testing.T) {
	for seed := range uint64(40) {
		a, b := sample(seed, options(seed)), sample(seed, options(seed))
		ja, _ := json.Marshal(a.Report)
		jb, _ := json.Marshal(b.Report)
		if !bytes.Equal(ja, jb) || fmt.Sprint(a.Marks) != fmt.Sprint(b.Marks) {
			t.Fatalf("seed %d: two samples differ", seed)
		}
		for _, l := range Layouts {
			if !bytes.Equal(Render(a, l), Render(b, l)) || !bytes.Equal(Render(a, l), Render(a, l)) {
				t.Fatalf("seed %d, %s: renderings differ", seed, l)
			}
		}
	}
}

func TestConsistent(t *testing.T) {
	for seed := range uint64(samples) {
		opt := options(seed)
		opt.Inconsistent = false
		s := sample(seed, opt)
		checked := 0
		for _, id := range s.Report.Identities() {
			if _, _, ok := id.Eval(s.Report); !ok {
				continue
			}
			checked++
			if !id.Holds(s.Report) {
				l, r, _ := id.Eval(s.Report)
				t.Fatalf("seed %d: %s %v: %s ≠ %s", seed, id.Rule, id.Left, l, r)
			}
		}
		if checked == 0 {
			t.Fatalf("seed %d: no identity could be checked", seed)
		}
	}
}

func TestInconsistent(t *testing.T) {
	for seed := range uint64(samples) {
		opt := options(seed)
		opt.Inconsistent = true
		s := sample(seed, opt)
		failed := 0
		for _, id := range s.Report.Identities() {
			if l, r, ok := id.Eval(s.Report); ok && l.Cmp(r) != 0 {
				failed++
			}
		}
		if failed == 0 {
			t.Fatalf("seed %d: every identity holds", seed)
		}
	}
}

// TestShape checks what New promises about which cells exist.
func TestShape(t *testing.T) {
	date := regexp.MustCompile(`^\d{4}-0[123]-\d\d$`)
	seen := map[string]bool{}
	for seed := range uint64(samples) {
		opt := options(seed)
		opt.Blanks = false
		s := sample(seed, opt)
		r := s.Report
		if r.Template == nianbao.Format2019 && (r.Year < 2019 || r.Year > 2020) ||
			r.Template == nianbao.Format2021 && (r.Year < 2021 || r.Year > 2025) {
			t.Fatalf("seed %d: year %d in the %s format", seed, r.Year, r.Template)
		}
		if r.PublishedOn != "" && (!date.MatchString(r.PublishedOn) || r.PublishedOn[:4] != fmt.Sprint(r.Year+1)) {
			t.Fatalf("seed %d: published %q for %d", seed, r.PublishedOn, r.Year)
		}
		valid := func(row nianbao.Row) bool { return r.Requests[row][nianbao.NaturalPerson].Valid() }
		merged := r.OtherMerged()
		if valid(nianbao.Other) != (merged || r.Template == nianbao.Format2019) ||
			valid(nianbao.OtherNoCorrection) != (!merged && r.Template == nianbao.Format2021) {
			t.Fatalf("seed %d: rows of （六） wrong for the %s format", seed, r.Template)
		}
		noTotal := !r.Requests[nianbao.Total][nianbao.ColumnTotal].Valid()
		seen[fmt.Sprintf("%s %v %v", r.Template, merged, noTotal)] = true
		for _, ref := range s.printedCells() {
			if n := s.Report.At(ref); !n.Valid() {
				t.Fatalf("seed %d: printed cell %v is blank without Blanks", seed, ref)
			} else if v := n.Float(); opt.SingleDigits && (v > 9 || v < -9) {
				t.Fatalf("seed %d: %v = %s is not a digit", seed, ref, n)
			}
		}
	}
	for _, shape := range []string{"2019 false false", "2021 true false", "2021 false true", "2019 false true"} {
		if !seen[shape] {
			t.Errorf("no sample of shape %q (template, merged （六）, no 总计 column)", shape)
		}
	}
}

func TestBlanks(t *testing.T) {
	for seed := range uint64(samples) {
		opt := options(seed)
		opt.Blanks = true
		s := sample(seed, opt)
		if len(s.Marks) == 0 {
			t.Fatalf("seed %d: no blank cell", seed)
		}
		for key, m := range s.Marks {
			ref, _ := s.Report.Template.Cell(key)
			if s.Report.At(ref).Valid() {
				t.Fatalf("seed %d: %v is marked %q but states %s", seed, ref, m, s.Report.At(ref))
			}
		}
		for _, ref := range s.printedCells() {
			if _, marked := s.Marks[ref.Key]; !marked && !s.Report.At(ref).Valid() {
				t.Fatalf("seed %d: %v is blank but has no mark", seed, ref)
			}
		}
	}
}

// TestNumbers checks that every number as printed, with separators and
// full-width digits, reads back as the number it is.
func TestNumbers(t *testing.T) {
	for seed := range uint64(samples) {
		s := sample(seed, options(seed))
		for _, ref := range s.printedCells() {
			n := s.Report.At(ref)
			if !n.Valid() {
				continue
			}
			signed := ref.Field.Signed
			for _, plain := range []bool{false, true} {
				txt := s.number(ref, signed, plain)
				if got, ok := nianbao.ParseNum(txt); !ok || got.Cmp(n) != 0 {
					t.Fatalf("seed %d: %s printed as %q", seed, n, txt)
				}
			}
		}
	}
}

// TestLayouts checks that every layout prints the report's title, its six
// section headings and every label of table 三, whatever the wrapping.
func TestLayouts(t *testing.T) {
	for seed := range uint64(samples) {
		s := sample(seed, options(seed))
		for _, l := range Layouts {
			out := Render(s, l)
			if !utf8.Valid(out) {
				t.Fatalf("seed %d, %s: invalid UTF-8", seed, l)
			}
			if l == OneLine && bytes.ContainsRune(out, '\n') {
				t.Fatalf("seed %d: one-line output has a newline", seed)
			}
			text := flatten(string(out))
			want := []string{fmt.Sprintf("%s%d年政府信息公开工作年度报告", s.Report.Agency, s.Report.Year), "申请人情况"}
			for i, sec := range nianbao.Sections {
				want = append(want, numerals[i]+"、")
				want = append(want, firstRunes(sec.Title, 4))
			}
			for _, row := range s.printedRows() {
				want = append(want, firstRunes(core(row.Spec().Label), 4))
				if g := row.Spec().Group; g != nianbao.NoGroup {
					// Group labels wrap in a narrow column, between other text.
					want = append(want, firstRunes(core(g.Label()), 2))
				}
			}
			for _, w := range want {
				if !strings.Contains(text, w) {
					t.Fatalf("seed %d, %s: %q missing from\n%s", seed, l, w, out)
				}
			}
		}
	}
}

// flatten folds widths and removes what layouts put between pieces of a label.
func flatten(s string) string {
	return strings.Map(func(r rune) rune {
		if strings.ContainsRune(" \t\n\f\u00a0|", r) {
			return -1
		}
		return r
	}, nianbao.FoldWidth(s))
}

var numbered = regexp.MustCompile(`^(（.）|[一二三四]、|\d\.)`)

// core is a label without its numbering and explanation: "（三）不予公开" → "不予公开".
func core(label string) string {
	label = numbered.ReplaceAllString(label, "")
	label, _, _ = strings.Cut(label, "（")
	return label
}

func firstRunes(s string, n int) string {
	r := []rune(s)
	return string(r[:min(n, len(r))])
}

func BenchmarkNew(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 2))
	for b.Loop() {
		New(rng, Options{Blanks: true})
	}
}

func BenchmarkRender(b *testing.B) {
	s := sample(1, Options{})
	for _, l := range Layouts {
		b.Run(string(l), func(b *testing.B) {
			for b.Loop() {
				Render(s, l)
			}
		})
	}
}

// TestDamage checks what each damage promises: the same sample renders the
// same bytes, a dropped row is not printed and null, no zero is printed
// under ZerosBlank but those an inconsistency needs, and the typos and the
// repeated group label are printed.
func TestDamage(t *testing.T) {
	for seed := range uint64(60) {
		opt := options(seed)
		opt.Damage = AllDamage
		s := sample(seed, opt)
		for _, l := range Layouts {
			if !bytes.Equal(Render(s, l), Render(sample(seed, opt), l)) {
				t.Fatalf("seed %d, %s: renderings differ", seed, l)
			}
		}
		for _, f := range s.Report.Template.ActiveItems()[0].Fields {
			k := nianbao.CellKey{Table: nianbao.TableActive, Row: droppedItem, Column: f.Key}
			if _, marked := s.Marks[k]; s.Report.Value(k).Valid() || marked {
				t.Fatalf("seed %d: dropped cell %v printed", seed, k)
			}
		}
		zeros := 0
		for _, ref := range s.printedCells() {
			if isZero(s.Report.At(ref)) {
				zeros++
			}
		}
		if !opt.Inconsistent && zeros > 0 {
			t.Fatalf("seed %d: %d zeros printed under ZerosBlank", seed, zeros)
		}
		text := flatten(string(Render(s, PipeRows)))
		for _, w := range []string{"行政法复议", "钩稽", "其他法律行政止公开"} {
			if !strings.Contains(text, w) {
				t.Fatalf("seed %d: typo %q not printed", seed, w)
			}
		}
		if n := strings.Count(text, "三、本年度办理结果"); n != 2 {
			t.Fatalf("seed %d: 三、本年度办理结果 printed %d times; want 2", seed, n)
		}
		if strings.Contains(text, "规章") {
			t.Fatalf("seed %d: the dropped row 规章 is printed", seed)
		}
	}
}
