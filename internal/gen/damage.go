package gen

import (
	"math/rand/v2"
	"slices"
	"strings"
	"unicode/utf8"

	"nianbao"
)

// Damage is a set of the ways real reports depart from the template
// (issue 9's classes), for round trips that must read reports as real
// ones print them. It is the one mechanism for damage: Options.Damage
// asks New for it, New changes the truth where a damage changes what a
// correct reader must return (a row not printed is null, a zero printed
// blank is blank), and the renderings — every text layout, HTML, DOCX and
// XLSX — print it. A sample without damage draws and renders exactly as
// before: damage draws its choices from the sample's own render generator.
type Damage uint

const (
	// Typos: one character or a few differ in a heading and in labels, as
	// clerks retype them: table 四's heading "行政法复议", table 三's stub
	// "钩稽", the row "2.其他法律行政止公开" (法规禁 dropped, as 洪泽 prints
	// it). A reader finds them by best match, with a note.
	Typos Damage = 1 << iota
	// Spaced: spaces inside labels ("自 然 人", "总 计", "三、本年度办 理结果",
	// "4.无正当理由大量反复 申请"), the row-group label 三、本年度办理结果
	// printed twice (over （一）–（三） and again over （四）–（七）, as the
	// 平潭 portal does), and in the layouts that run cells together, rows
	// of table 三 whose numbers are separated by spaces ("5 0 0 0 0 3 8"),
	// which are still one row of cells, not a column layout.
	Spaced
	// DroppedRow: table 二 prints no 规章 row; its cells are null in the
	// truth and a correct reader notes the row missing.
	DroppedRow
	// ZerosBlank: every zero of the tables printed blank, as some offices
	// fill only the cells that count something; blanks stay blank.
	ZerosBlank
	// Units: a 2019 report's 采购总金额 always printed with "元" after it,
	// in every layout, squashed text included ("135 75394432.52元" run
	// together); the number is recorded as printed and the unit beside it.
	Units
	// MixedFormat: table 二 printed in the other format than the report's
	// (a 2021 report's in the 2019 trial format, a 2019 report's in the
	// 2021 one), as offices that fill last year's form print it. The cells
	// both formats share (行政许可, 行政处罚 and 行政强制's 处理决定数量) are
	// stated; the report's other cells are not printed, null in the truth,
	// and a correct reader notes the table. A 2021 sample prints table 三's
	// （六） with its sub-rows: printed as one row, as in 2019, nothing
	// tells a 2019 table 二 in a mixed report from a report kept wholly in
	// the trial format.
	MixedFormat
)

// AllDamage is every damage at once but MixedFormat, which takes away
// most of the table 二 the others damage.
const AllDamage = Typos | Spaced | DroppedRow | ZerosBlank | Units

// Damages lists each damage alone, with its name, for tests that assert
// a floor per class.
var Damages = []struct {
	Name   string
	Damage Damage
}{
	{"typos", Typos}, {"spaced", Spaced}, {"dropped-row", DroppedRow},
	{"zeros-blank", ZerosBlank}, {"units", Units}, {"mixed-format", MixedFormat}, {"all", AllDamage},
}

// droppedItem is the row of table 二 DroppedRow leaves out.
const droppedItem = "regulations"

// drops reports whether the sample leaves out table 二's row item.
func (s *Sample) drops(item string) bool {
	return s.damage&DroppedRow != 0 && item == droppedItem
}

// dropRow leaves DroppedRow's row out of the truth: its cells are not
// printed, null with no mark. It runs before corrupt and blank, which then
// see only the cells still printed.
func (s *Sample) dropRow() {
	if s.damage&DroppedRow == 0 {
		return
	}
	for _, f := range s.Report.Template.ActiveItems()[0].Fields {
		delete(s.Report.Active, nianbao.ActiveKey(droppedItem, f.Key))
	}
}

// mixFormat gives MixedFormat's table 二 its other format: the cells the
// report shares with it keep the truth's numbers, the other format's own
// are drawn (from the sample's render generator), and the report's cells
// the other format has not leave the truth, null with no mark. It runs
// before corrupt and blank, which then see only the cells still printed.
func (s *Sample) mixFormat(single bool) {
	if s.damage&MixedFormat == 0 {
		return
	}
	r := s.Report
	t := r.Template.Other()
	s.other = nianbao.NewReport(t)
	fillActive(s.renderRNG("mixed"), s.other, single)
	for c := range r.Template.Cells() {
		if _, ok := t.Cell(c.Key); c.Key.Table == nianbao.TableActive && !ok {
			delete(r.Active, nianbao.ActiveKey(c.Key.Row, c.Key.Column))
		}
	}
}

// printsActive reports whether the sample prints table 二's cell k.
func (s *Sample) printsActive(k nianbao.CellKey) bool {
	if s.drops(k.Row) {
		return false
	}
	_, ok := s.activeFormat().Cell(k)
	return ok
}

// activeFormat returns the format table 二 is printed in.
func (s *Sample) activeFormat() nianbao.Template {
	if s.other != nil {
		return s.other.Template
	}
	return s.Report.Template
}

// blankZeros prints ZerosBlank's zeros blank — all but those of keep, the
// identity an inconsistent sample breaks, which must stay evaluable.
func (s *Sample) blankZeros(keep []nianbao.Cell) {
	if s.damage&ZerosBlank == 0 {
		return
	}
	for _, ref := range s.printedCells() {
		if isZero(s.Report.At(ref)) && !slices.Contains(keep, ref) {
			s.Report.Set(ref, nianbao.Num{})
			s.Marks[ref.Key] = ""
		}
	}
}

// StatedUnit returns the unit the cell's amount is stated in, which a
// correct reader records beside the number: "元" printed after it (Unit;
// in squashed text only with the damage Units), or "万元" from the 2021
// column header 本年收费金额（单位：万元）.
func (s *Sample) StatedUnit(k nianbao.CellKey, squashed bool) string {
	if u := s.Unit(k); u != "" && (!squashed || s.damage&Units != 0) {
		return u
	}
	if k.Table == nianbao.TableActive && k.Row == "fees" && k.Column == "amount" && s.Report.Value(k).Valid() {
		return "万元"
	}
	return ""
}

// misprint makes Typos' misprints in a heading or label: "行政复议" occurs
// only in table 四's heading among the texts damaged, "勾稽" only in table
// 三's stub, "行政法规禁止" only in its row 2.其他法律行政法规禁止公开.
var misprint = strings.NewReplacer("行政复议", "行政法复议", "勾稽", "钩稽", "行政法规禁止", "行政止").Replace

// damageBlocks prints the damage into the laid-out document: typos in
// table 四's heading and in table 三's labels, spaces inside labels, the
// outcome group label repeated, spaced digits. squash is for the layouts
// that run cells together.
func (s *Sample) damageBlocks(bs []block, squash bool) {
	if s.damage&(Typos|Spaced) == 0 {
		return
	}
	rng := s.renderRNG("damage")
	tables := 0
	for i := range bs {
		bl := &bs[i]
		if s.damage&Typos != 0 && bl.kind == heading && strings.HasPrefix(bl.text, numerals[3]) {
			bl.text = misprint(bl.text)
		}
		if bl.kind != tableBlock {
			continue
		}
		if tables++; tables != 2 {
			continue // only table 三 is damaged: its labels are the ones clerks retype
		}
		t := bl.tab
		if s.damage&Spaced != 0 {
			repeatGroup(t)
		}
		for _, row := range t.rows {
			allNum := true
			for j := range row {
				c := &row[j]
				allNum = allNum && (!c.num || c.text != "")
				if c.num {
					continue
				}
				if s.damage&Typos != 0 {
					c.text = misprint(c.text)
				}
				if s.damage&Spaced != 0 && rng.IntN(3) == 0 {
					c.text = spaceInside(rng, c.text)
				}
			}
			if s.damage&Spaced != 0 && squash && allNum && rng.IntN(3) == 0 {
				for j := range row[:len(row)-1] {
					if row[j].num {
						row[j].text += " "
					}
				}
			}
		}
	}
}

// spaceInside puts a space (or, in a short label, a space between every
// character: "自 然 人") inside a label's text, never inside its
// numbering nor at its ends.
func spaceInside(rng *rand.Rand, text string) string {
	n := utf8.RuneCountInString(text)
	if n <= 4 && !strings.ContainsAny(text, " （(.、") {
		return strings.Join(strings.Split(text, ""), " ")
	}
	rs := []rune(text)
	from := 0
	for i, r := range rs {
		if r == '）' || r == ')' || r == '.' || r == '、' {
			from = i + 1
			break
		}
	}
	// At least two characters before the space: "（四）无 法提供" would
	// leave "无" a word of its own, a mark to anyone reading the text.
	if n-from < 4 {
		return text
	}
	k := from + 2 + rng.IntN(n-from-3)
	return string(rs[:k]) + " " + string(rs[k:])
}

// repeatGroup prints table 三's label 三、本年度办理结果 twice: once over
// the rows up to （三）'s last, again over the rest, each merged down its
// rows.
func repeatGroup(t *table) {
	label := nianbao.GroupOutcome.Label()
	for r, row := range t.rows {
		if len(row) == 0 || row[0].text != label {
			continue
		}
		// The second label starts at the first row of （四）.
		k := -1
		for rr := r + 1; rr < r+row[0].rowspan; rr++ {
			for _, c := range t.rows[rr] {
				if strings.Contains(c.text, "无法提供") {
					k = rr - r
				}
			}
		}
		if k <= 0 {
			return
		}
		second := row[0]
		second.rowspan -= k
		row[0].rowspan = k
		t.rows[r+k] = append([]cell{second}, t.rows[r+k]...)
		return
	}
}

// RenderScriptFragment writes the sample's fragment (RenderFragment) as
// it comes out of a page's script string when the string is cut out
// rather than evaluated: quotes and slashes escaped ("<\/td>", class=\"…\")
// and line breaks written "\n", all on one line.
func RenderScriptFragment(s *Sample) []byte {
	return []byte(scriptEscape.Replace(string(RenderFragment(s))))
}

var scriptEscape = strings.NewReplacer(`"`, `\"`, `'`, `\'`, "/", `\/`, "\n", `\n`)
