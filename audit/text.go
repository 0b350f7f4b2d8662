package audit

import (
	"fmt"
	"regexp"
	"strings"

	"nianbao"
)

// A claim is a kind of statement section 一 makes about a number the
// tables also print: "共受理政府信息公开申请16件" is about 表三 一's 总计.
type claim struct {
	what string
	// re matches the statement; its first group is the number, or, with
	// no group, the statement says there were none ("未收到…申请").
	re *regexp.Regexp
	// unless rules a sentence out: "未收到因申请引发的行政复议" is not
	// about how many applications came in.
	unless *regexp.Regexp
	// expect lists the readings the number may have; the first is the
	// one the message quotes. A number that includes last year's
	// carry-over is a second reading, not a contradiction.
	expect func(*Context) []reading
}

// reading is what the tables say a claim's number should be.
type reading struct {
	what  string
	n     nianbao.Num
	cells []nianbao.FindingCell
}

// Prose patterns work on folded text (see splitSentences): "，" is ",".
const (
	num    = `(\d{1,3}(?:,\d{3})+|\d+|[零〇一二两三四五六七八九十]{1,3})`
	clause = `[^,:;。!?]` // a character within one clause
)

// rx compiles a pattern with the placeholders NUM and C (a clause character).
func rx(p string) *regexp.Regexp {
	return regexp.MustCompile(strings.NewReplacer("NUM", num, "C", clause).Replace(p))
}

var notAboutApplications = regexp.MustCompile(`复议|诉讼|投诉|举报|信访`)

var (
	receivedClaims = []claim{
		{what: "收到申请", re: rx(`(?:收到|受理|接收|接到)C{0,24}?申请C{0,12}?NUM件`), unless: notAboutApplications, expect: received},
		{what: "未收到申请", re: rx(`(?:未|没有)(?:收到|受理|接到)C{0,24}?申请`), unless: notAboutApplications, expect: newReceived},
	}
	closedClaims = []claim{
		{what: "办结（答复）", re: rx(`(?:办结|答复|办理完毕)C{0,8}?NUM件`), unless: notAboutApplications, expect: closed},
	}
	carriedClaims = []claim{
		{what: "结转下年度", re: rx(`(?:结转|转入|顺延|延续)(?:至|到)?下一?年C{0,10}?NUM件`), expect: carriedForward},
		{what: "结转下年度", re: rx(`NUM件C{0,8}?(?:结转|转入|顺延|延续)(?:至|到)?下一?年`), expect: carriedForward},
		{what: "上年结转", re: rx(`上一?年度?结转C{0,10}?NUM件`), expect: rowReading(nianbao.CarriedOver, "二（上年结转）")},
	}
	noReview     = `(?:未发生|没有发生|未出现|没有出现|没有因|无因|未因|未被|没有被)C{0,30}?`
	reviewClaims = []claim{
		{what: "行政复议", re: rx(`行政复议[^,:;。!?诉]{0,8}?NUM件`), expect: reviewReading(nianbao.Reconsideration)},
		{what: "行政诉讼", re: rx(`行政诉讼C{0,8}?NUM件`), expect: reviewReading(nianbao.LitigationDirect, nianbao.LitigationAfterReconsideration)},
		{what: "未发生行政复议", re: rx(noReview + `行政复议`), expect: reviewReading(nianbao.Reconsideration)},
		{what: "未发生行政诉讼", re: rx(noReview + `诉讼`), expect: reviewReading(nianbao.LitigationDirect, nianbao.LitigationAfterReconsideration)},
	}
)

// rowTotal is a row's 总计, or the sum of its six applicant columns when
// the report prints no 总计 column: the tables' own statement either way.
func (c *Context) rowTotal(row nianbao.Row) (nianbao.Num, []nianbao.FindingCell) {
	rep := c.Report
	if n := rep.Requests[row][nianbao.ColumnTotal]; n.Valid() {
		return n, []nianbao.FindingCell{c.requestCell(row, nianbao.ColumnTotal)}
	}
	sum := nianbao.Int(0)
	var cells []nianbao.FindingCell
	for col := range nianbao.ColumnTotal {
		sum = sum.Add(rep.Requests[row][col])
		cells = append(cells, c.requestCell(row, col))
	}
	return sum, cells
}

// printedTotal is n, a rowTotal, as a finding's Stated: only when the
// report printed it in one cell; a sum of cells is what nianbao worked
// out, which the message gives, never what the report "印".
func printedTotal(n nianbao.Num, cells []nianbao.FindingCell) nianbao.Num {
	if len(cells) != 1 {
		return nianbao.Num{}
	}
	return n
}

func rowReading(row nianbao.Row, what string) func(*Context) []reading {
	return func(c *Context) []reading {
		n, cells := c.rowTotal(row)
		return []reading{{"表三" + what + "总计", n, cells}}
	}
}

var (
	newReceived    = rowReading(nianbao.NewReceived, "一（本年新收）")
	closed         = rowReading(nianbao.Total, "（七）")
	carriedForward = rowReading(nianbao.CarriedForward, "四（结转下年度继续办理）")
)

// received: applications received are the year's new ones, or those
// together with the ones carried over from last year.
func received(c *Context) []reading {
	rs := newReceived(c)
	if over, cells := c.rowTotal(nianbao.CarriedOver); over.Valid() && over.Cmp(nianbao.Int(0)) != 0 {
		rs = append(rs, reading{"表三一（本年新收）与二（上年结转）总计之和", rs[0].n.Add(over), append(rs[0].cells, cells...)})
	}
	return rs
}

// reviewReading is the sum of the given groups' 总计 in table 四.
func reviewReading(groups ...nianbao.ReviewGroup) func(*Context) []reading {
	return func(c *Context) []reading {
		r := reading{what: "表四", n: nianbao.Int(0)}
		for i, g := range groups {
			if i > 0 {
				r.what += "与"
			}
			r.what += "“" + g.Label() + "”"
			cell := nianbao.ReviewCell(g, nianbao.ReviewTotal)
			r.n = r.n.Add(c.Report.At(cell))
			r.cells = append(r.cells, c.cell(c.Report, cell))
		}
		r.what += "总计"
		return []reading{r}
	}
}

// claimRule checks each statement of section 一 that one of the claims
// recognises against the tables.
func claimRule(claims []claim) func(*Context) []nianbao.Finding {
	return func(c *Context) []nianbao.Finding {
		var out []nianbao.Finding
		for _, s := range c.sentences[1] {
			for _, cl := range claims {
				if f, ok := cl.check(c, s); ok {
					out = append(out, f)
					break // one finding per sentence and rule
				}
			}
		}
		return out
	}
}

func (cl claim) check(c *Context, s string) (nianbao.Finding, bool) {
	m := cl.re.FindStringSubmatchIndex(s)
	if m == nil || cl.unless != nil && cl.unless.MatchString(s[m[0]:clauseEnd(s, m[1])]) {
		return nianbao.Finding{}, false
	}
	stated := nianbao.Int(0)
	if len(m) > 2 {
		var ok bool
		if stated, ok = parseCount(s[m[2]:m[3]]); !ok {
			return nianbao.Finding{}, false
		}
	}
	rs := cl.expect(c)
	for _, r := range rs {
		if !r.n.Valid() || r.n.Cmp(stated) == 0 {
			return nianbao.Finding{}, false // blank in the table, or agreeing
		}
	}
	msg := fmt.Sprintf("第一部分称%s %s 件，%s为 %s", cl.what, stated, rs[0].what, rs[0].n)
	if cl.re.NumSubexp() == 0 {
		msg = fmt.Sprintf("第一部分称%s，%s为 %s", cl.what, rs[0].what, rs[0].n)
	}
	for _, r := range rs[1:] {
		msg += fmt.Sprintf("，%s为 %s", r.what, r.n)
	}
	return nianbao.Finding{Message: msg, Cells: rs[0].cells, Stated: stated, Expected: rs[0].n,
		Section: 1, Quote: excerpt(s, m[0], m[1])}, true
}

// clauseEnd returns where the clause that goes on at i ends.
func clauseEnd(s string, i int) int {
	if j := strings.IndexAny(s[i:], ",:;"); j >= 0 {
		return i + j
	}
	return len(s)
}

var allClosedRe = rx(`(?:均|全部|都)(?:已|已经)?(?:按时|按期|依法|及时)?(?:办结|办理完毕|答复完毕)|办结率(?:达到?|为)?100%`)

// allClosed: "所有申请均已办结" while table 三 carries applications over.
func allClosed(c *Context) []nianbao.Finding {
	var out []nianbao.Finding
	for _, s := range c.sentences[1] {
		m := allClosedRe.FindStringIndex(s)
		if m == nil || !strings.Contains(s, "申请") || notAboutApplications.MatchString(s) {
			continue
		}
		n, cells := c.rowTotal(nianbao.CarriedForward)
		if !n.Valid() || n.Cmp(nianbao.Int(0)) == 0 {
			continue
		}
		out = append(out, nianbao.Finding{
			Message: fmt.Sprintf("第一部分称申请均已办结，而表三四（结转下年度继续办理）总计为 %s", n),
			Cells:   cells, Stated: printedTotal(n, cells), Expected: nianbao.Int(0), Section: 1, Quote: excerpt(s, m[0], m[1])})
	}
	return out
}
