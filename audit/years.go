package audit

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"nianbao"
)

var (
	yearRe = regexp.MustCompile(`((?:19|20)\d\d)年`)
	// A year is not a claim about the work of that year when it is a
	// comparison, a span, a law or document, or an assessment of the
	// previous year published in this one.
	yearContext = regexp.MustCompile(`较|比|同比|相比|对比|增长|下降|上升|减少|持平|连续|以来|至今|截至|截止|考核|评估|测评|排名|获评|荣获|表彰|条例|施行|修订|印发|颁布|出台|年报|年度报告|结转|上年|去年|同期`)
	// Spans: "2021—2025年", "自2019年起", "2019年至2020年".
	yearBefore = regexp.MustCompile(`(?:自|从|至|到|—|–|-|~|〔|\[|\()$`)
	yearAfter  = regexp.MustCompile(`^(?:度)?(?:以来|起|至|到|—|–|-|~)`)
)

// copiedYears is how far back a year betrays copied text: older years are
// more often history ("始建于2015年") than last year's report reused.
const copiedYears = 3

// otherYears: a work statement dated in one of the years before the
// reporting year reads like text copied from an earlier report (seed 003,
// a 2020 report: "2019年未发布或带起草过政策类文件").
func otherYears(c *Context) []nianbao.Finding {
	year := c.Report.Year
	if year == 0 {
		return nil
	}
	var out []nianbao.Finding
	for n := 1; n <= 6; n++ {
		for _, s := range c.sentences[n] {
			for _, m := range yearRe.FindAllStringSubmatchIndex(s, -1) {
				y, _ := strconv.Atoi(s[m[2]:m[3]])
				if y >= year || y < year-copiedYears || inBookTitle(s, m[0]) ||
					yearBefore.MatchString(s[:m[0]]) || yearAfter.MatchString(s[m[1]:]) ||
					yearContext.MatchString(clauseAround(s, m[0], m[1])) {
					continue
				}
				out = append(out, nianbao.Finding{
					Message: fmt.Sprintf("第%s部分写的是“%d年”的工作，而报告年度是%d年：可能沿用了往年报告的文字",
						nianbao.Numerals[n-1], y, year),
					Section: n, Quote: excerpt(s, m[0], m[1])})
				break // one finding per sentence
			}
		}
	}
	return out
}

// clauseAround returns the clause of s that holds s[start:end].
func clauseAround(s string, start, end int) string {
	from := strings.LastIndexAny(s[:start], ",:;") + 1
	return s[from:clauseEnd(s, end)]
}

// inBookTitle reports whether position i of s is inside 《…》, the title
// of a law or document.
func inBookTitle(s string, i int) bool {
	return strings.LastIndex(s[:i], "《") > strings.LastIndex(s[:i], "》")
}
