// Package limit bounds what reading one file may cost. A report file is at
// most a few MB and a few hundred table cells; a hostile one can be small
// and still ask for gigabytes (a zip or Flate bomb, one shared string
// repeated over a million cells, tables nested twenty thousand deep). Every
// reader charges what it produces to one Budget per file as it produces it,
// not after, so that the total a file can make is bounded whatever its
// shape, and a file past a limit is refused with ETOOLARGE naming the limit.
package limit

import (
	"fmt"
	"time"

	"nianbao"
)

// Limits are the most that reading one file may use. A zero field takes
// its default.
type Limits struct {
	Size      int64         // bytes of the file itself
	Decoded   int64         // bytes decompressed or decoded, all parts and streams together
	Stream    int64         // bytes one zip part or PDF stream decodes to
	Text      int64         // bytes of text in the document
	Cells     int64         // table cells read or written, and grid positions laid out
	Tables    int64         // tables, nested ones included
	Depth     int64         // tables nested in tables
	Operators int64         // PDF content operators run, all pages together
	Objects   int64         // PDF cross-reference entries read
	Rules     int64         // PDF ruling lines kept, all pages together
	Glyphs    int64         // PDF characters shown, all pages together
	Time      time.Duration // wall time of the reading
}

// Default are the limits of a file read with no others given: far past
// what a real report uses (a few hundred table cells in a few dozen tables
// nested a few deep, a PDF of tens of thousands of characters), and within
// the 10 s and 1 GB that reading any file up to the upload cap may take
// (TestPeakMemory in package reader).
var Default = Limits{
	Size:      50 << 20,
	Decoded:   256 << 20,
	Stream:    64 << 20,
	Text:      64 << 20,
	Cells:     1_000_000,
	Tables:    10_000,
	Depth:     64,
	Operators: 20_000_000,
	Objects:   500_000,
	Rules:     1_000_000,
	Glyphs:    2 << 20, // an annual report has tens of thousands
	Time:      8 * time.Second,
}

// orDefault fills the zero fields of l from Default.
func (l Limits) orDefault() Limits {
	d := Default
	for _, f := range [][2]*int64{{&l.Size, &d.Size}, {&l.Decoded, &d.Decoded}, {&l.Stream, &d.Stream},
		{&l.Text, &d.Text}, {&l.Cells, &d.Cells}, {&l.Tables, &d.Tables}, {&l.Depth, &d.Depth},
		{&l.Operators, &d.Operators}, {&l.Objects, &d.Objects}, {&l.Rules, &d.Rules}, {&l.Glyphs, &d.Glyphs}, {(*int64)(&l.Time), (*int64)(&d.Time)}} {
		if *f[0] > 0 {
			*f[1] = *f[0]
		}
	}
	return d
}

// Budget is what is left of a file's limits as it is read. Charging past a
// limit panics with *Exceeded, which the reader's entry turns back into an
// error (Recover): a charge sits deep in a decoder's or a scanner's inner
// loop, where threading an error out would cost every caller a check for
// what only hostile files do. A Budget is not safe for concurrent use.
type Budget struct {
	Limits
	decoded, text, cells, tables, ops, objects, rules, glyphs int64
	deadline                                                  time.Time
	steps                                                     int
}

// New returns the budget of one file read under l.
func New(l Limits) *Budget {
	l = l.orDefault()
	return &Budget{Limits: l, deadline: time.Now().Add(l.Time)}
}

// Exceeded is the panic value, and the error, of a limit reached.
type Exceeded struct {
	What  string // the limit, in Chinese
	Limit string // its value, as people read it
}

func (e *Exceeded) Error() string {
	return fmt.Sprintf("文件超出读取限制（%s不超过 %s）：文件过于复杂或已损坏，已停止读取", e.What, e.Limit)
}

func exceed(what, lim string) { panic(&Exceeded{What: what, Limit: lim}) }

func mb(n int64) string {
	if n < 1<<20 {
		return fmt.Sprintf("%d 字节", n)
	}
	return fmt.Sprintf("%d MB", n>>20)
}

// Decoded charges n bytes decompressed or decoded.
func (b *Budget) Decoded(n int) {
	if b.decoded += int64(n); b.decoded > b.Limits.Decoded {
		exceed("解压后的数据", mb(b.Limits.Decoded))
	}
	b.Step(n >> 12)
}

// Stream charges a part or stream of n bytes decoded: past the stream
// limit, or past what the file may still decode, it stops the reading.
func (b *Budget) Stream(n int) {
	if int64(n) > b.Limits.Stream {
		exceed("单个数据流解压后", mb(b.Limits.Stream))
	}
	b.Decoded(n)
}

// StreamLeft is how many bytes the next part or stream may decode to.
func (b *Budget) StreamLeft() int {
	return int(min(b.Limits.Stream, max(b.Limits.Decoded-b.decoded, 0)))
}

// Text charges n bytes of text.
func (b *Budget) Text(n int) {
	if b.text += int64(n); b.text > b.Limits.Text {
		exceed("文字", mb(b.Limits.Text))
	}
}

// Cells charges n table cells or grid positions.
func (b *Budget) Cells(n int) { b.count(&b.cells, n, b.Limits.Cells, "表格单元格", "个") }

// Table charges one table.
func (b *Budget) Table() { b.count(&b.tables, 1, b.Limits.Tables, "表格", "个") }

// Depth checks how deep a table is nested (1 for a table in a table).
func (b *Budget) Depth(d int) {
	if int64(d) > b.Limits.Depth {
		exceed("表格嵌套", fmt.Sprint(b.Limits.Depth, " 层"))
	}
}

// Operators charges n PDF content operators.
func (b *Budget) Operators(n int) { b.count(&b.ops, n, b.Limits.Operators, "PDF 绘制指令", "条") }

// Objects charges one PDF cross-reference entry.
func (b *Budget) Objects() { b.count(&b.objects, 1, b.Limits.Objects, "PDF 对象", "个") }

// Rules charges one PDF ruling line; the tables of a page are found among
// its rules at a cost up to the square of their number, charged to the
// clock as they are kept.
func (b *Budget) Rules() { b.count(&b.rules, 1, b.Limits.Rules, "PDF 表格线", "条") }

// Glyphs charges n PDF characters.
func (b *Budget) Glyphs(n int) { b.count(&b.glyphs, n, b.Limits.Glyphs, "PDF 文字", "字") }

// count adds n to the counter c of the limit lim, named what and counted
// in unit, and stops the reading past it.
func (b *Budget) count(c *int64, n int, lim int64, what, unit string) {
	if *c += int64(n); *c > lim {
		exceed(what, fmt.Sprint(lim, " ", unit))
	}
	b.Step(n >> 6)
}

// Step charges n units of work to the clock: the time is looked at every
// few thousand units, so that a loop may step once per item for free.
func (b *Budget) Step(n int) {
	if b.steps += n + 1; b.steps >= 4096 {
		b.tick()
	}
}

// tick looks at the clock; out of Step so that Step inlines in the loops
// that step once per token.
func (b *Budget) tick() {
	b.steps = 0
	if time.Now().After(b.deadline) {
		exceed("读取时间", b.Limits.Time.String())
	}
}

// Recover turns a limit reached under the deferring function into *err,
// an ETOOLARGE error; any other panic goes on.
func Recover(err *error) {
	if r := recover(); r != nil {
		e, ok := r.(*Exceeded)
		if !ok {
			panic(r)
		}
		*err = nianbao.Errorf(nianbao.ETOOLARGE, "%s", e.Error())
	}
}
