package web

import (
	"html/template"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"nianbao"
	"nianbao/place"
)

// listQuery is a list's filter as the query string states it: the list
// page, the exports, the dashboard and the API all read the same parameters.
type listQuery struct {
	Year        string // reporting year
	Q           string // text in the agency's name
	Format      string // source format: text, html, docx, xlsx, pdf, doc
	Template    string // 2019 or 2021
	HasErrors   string // "1" yes, "0" no, "" either
	HasWarnings string
	Late        string
	// Draft is "1" for drafts only, "0" for published reports only, "all"
	// for both; "" is both on the list, published only where the reports
	// are counted or sent out (parsePublishedQuery).
	Draft string
	Place string // a division: its code or a name that means one (place.Resolve)
	// Rule, Severity and State keep the reports with a finding of that
	// rule, severity (error, warning, info) and state (open, verified,
	// false, fixed); the problem list lists those findings.
	Rule, Severity, State string
	Sort                  string // year, agency, imported, errors, warnings, received; "-" descending
	Page                  int    // 1-based

	filter nianbao.ReportFilter
}

// maxQueryRunes caps the search text: no body's name is longer, and a
// long pattern only makes the database work.
const maxQueryRunes = 100

// sortKeys are the columns a list may be sorted by.
var sortKeys = map[string]bool{"year": true, "agency": true, "imported": true, "errors": true, "warnings": true, "received": true}

// formatList names the formats a filter takes: text、html、….
func formatList() string {
	names := make([]string, len(nianbao.FileFormats))
	for i, f := range nianbao.FileFormats {
		names[i] = string(f)
	}
	return strings.Join(names, "、")
}

// parseListQuery reads and validates the filter parameters of q.
func parseListQuery(q url.Values) (*listQuery, error) {
	lq := &listQuery{
		Year:        strings.TrimSpace(q.Get("year")),
		Q:           strings.TrimSpace(q.Get("q")),
		Format:      strings.TrimSpace(q.Get("format")),
		Template:    strings.TrimSpace(q.Get("template")),
		HasErrors:   q.Get("has_errors"),
		HasWarnings: q.Get("has_warnings"),
		Late:        q.Get("late"),
		Draft:       q.Get("draft"),
		Place:       strings.TrimSpace(q.Get("place")),
		Rule:        strings.TrimSpace(q.Get("rule")),
		Severity:    strings.TrimSpace(q.Get("severity")),
		State:       strings.TrimSpace(q.Get("state")),
		Sort:        strings.TrimSpace(q.Get("sort")),
		Page:        1,
	}
	f := &lq.filter
	if lq.Year != "" {
		y, err := strconv.Atoi(lq.Year)
		if err != nil || y < 1900 || y > 9999 {
			return nil, nianbao.Errorf(nianbao.EINVALID, "年度应为四位数字，收到 %q", lq.Year)
		}
		f.Year = y
	}
	if utf8.RuneCountInString(lq.Q) > maxQueryRunes {
		return nil, nianbao.Errorf(nianbao.EINVALID, "搜索文字过长：最多 %d 个字", maxQueryRunes)
	}
	f.Q = lq.Q
	f.Format = nianbao.FileFormat(lq.Format)
	if f.Format != "" && !f.Format.Valid() {
		return nil, nianbao.Errorf(nianbao.EINVALID, "文件格式应为 %s 之一，收到 %q", formatList(), lq.Format)
	}
	if lq.Template != "" {
		f.Template = nianbao.Template(lq.Template)
		if !f.Template.Valid() {
			return nil, nianbao.Errorf(nianbao.EINVALID, "格式版本应为 2019 或 2021，收到 %q", lq.Template)
		}
	}
	if lq.Place != "" {
		p, err := place.Resolve(lq.Place)
		if err != nil {
			return nil, err
		}
		f.Place = p.Code
	}
	if err := lq.parseFindings(); err != nil {
		return nil, err
	}
	var err error
	if f.HasErrors, lq.HasErrors, err = parseBool("has_errors", lq.HasErrors); err != nil {
		return nil, err
	}
	if f.HasWarnings, lq.HasWarnings, err = parseBool("has_warnings", lq.HasWarnings); err != nil {
		return nil, err
	}
	if f.Late, lq.Late, err = parseBool("late", lq.Late); err != nil {
		return nil, err
	}
	if strings.TrimSpace(lq.Draft) == "all" {
		lq.Draft = "all"
	} else if f.Draft, lq.Draft, err = parseBool("draft", lq.Draft); err != nil {
		return nil, nianbao.Errorf(nianbao.EINVALID, "参数 draft 应为 1（只看草稿）、0（不含草稿）或 all（含草稿），收到 %q", lq.Draft)
	}
	if lq.Sort != "" {
		if !sortKeys[strings.TrimPrefix(lq.Sort, "-")] {
			return nil, nianbao.Errorf(nianbao.EINVALID, "无法按 %q 排序（可用 year、agency、imported、errors、warnings、received，前加 - 为降序）", lq.Sort)
		}
		f.Sort = lq.Sort
	}
	if p := q.Get("page"); p != "" {
		n, err := strconv.Atoi(p)
		if err != nil || n < 1 {
			return nil, nianbao.Errorf(nianbao.EINVALID, "页码应为正整数，收到 %q", p)
		}
		lq.Page = n
	}
	return lq, nil
}

// parsePublishedQuery reads a filter as parseListQuery does, for what
// counts or sends out the published reports — the exports, the
// statistics, the problem list: a draft typed into the entry form is not
// published, so drafts are in only when asked for (draft=1, or draft=all
// for both).
func parsePublishedQuery(q url.Values) (*listQuery, error) {
	lq, err := parseListQuery(q)
	if err == nil && lq.Draft == "" {
		published := false
		lq.filter.Draft = &published
	}
	return lq, err
}

// parseBool reads a three-way flag: yes, no or either (empty).
func parseBool(name, v string) (*bool, string, error) {
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "":
		return nil, "", nil
	case "1", "true", "yes", "on":
		t := true
		return &t, "1", nil
	case "0", "false", "no", "off":
		f := false
		return &f, "0", nil
	}
	return nil, "", nianbao.Errorf(nianbao.EINVALID, "参数 %s 应为 1（是）或 0（否），收到 %q", name, v)
}

// values returns the filter as query parameters, without the page and,
// when noSort, without the sort.
func (lq *listQuery) values(noSort bool) url.Values {
	v := url.Values{}
	set := func(k, val string) {
		if val != "" {
			v.Set(k, val)
		}
	}
	set("year", lq.Year)
	set("q", lq.Q)
	set("format", lq.Format)
	set("template", lq.Template)
	set("has_errors", lq.HasErrors)
	set("has_warnings", lq.HasWarnings)
	set("late", lq.Late)
	set("draft", lq.Draft)
	set("place", lq.Place)
	set("rule", lq.Rule)
	set("severity", lq.Severity)
	set("state", lq.State)
	if !noSort {
		set("sort", lq.Sort)
	}
	return v
}

// Encode returns the filter and sort as a query string ("" when empty).
func (lq *listQuery) Encode() string { return lq.values(false).Encode() }

// QS returns the filter and sort as a URL's query part: "?…", or "" when
// there is none.
func (lq *listQuery) QS() template.URL { return qs(lq.values(false)) }

func qs(v url.Values) template.URL {
	if len(v) == 0 {
		return ""
	}
	return template.URL("?" + v.Encode()) // url.Values.Encode escapes every value
}

// With returns the query part ("?…") of the filter with one parameter changed.
func (lq *listQuery) With(key, val string) template.URL {
	v := lq.values(false)
	if val == "" {
		v.Del(key)
	} else {
		v.Set(key, val)
	}
	return qs(v)
}

// SortBy returns the query part that sorts by key, descending first for
// numbers and dates, toggling when the list is already sorted by key.
func (lq *listQuery) SortBy(key string) template.URL {
	next := "-" + key
	if key == "agency" {
		next = key
	}
	switch lq.Sort {
	case key:
		next = "-" + key
	case "-" + key:
		next = key
	}
	return lq.With("sort", next)
}

// SortMark returns ▲ or ▼ when the list is sorted by key.
func (lq *listQuery) SortMark(key string) string {
	switch lq.Sort {
	case key:
		return "▲"
	case "-" + key:
		return "▼"
	}
	return ""
}

// Filtered reports whether any filter (not the sort) is set.
func (lq *listQuery) Filtered() bool { return len(lq.values(true)) > 0 }

// parseFindings reads which findings the reports must have.
func (lq *listQuery) parseFindings() error {
	ff := &lq.filter.Findings
	ff.Rule = nianbao.RuleID(lq.Rule)
	if lq.Severity != "" {
		sev := nianbao.Severity(lq.Severity)
		if !slices.Contains(severities, sev) {
			return nianbao.Errorf(nianbao.EINVALID, "严重程度应为 error（错误）、warning（警告）或 info（提示），收到 %q", lq.Severity)
		}
		ff.Severity = sev
	}
	if lq.State != "" {
		st := nianbao.FindingState(lq.State)
		if !st.Valid() {
			return nianbao.Errorf(nianbao.EINVALID, "核实状态应为 open（待核实）、verified（已核实）、false（误报）或 fixed（已整改），收到 %q", lq.State)
		}
		ff.State = st
	}
	return nil
}

// severities are the severities filters offer, most serious first.
var severities = []nianbao.Severity{nianbao.SeverityError, nianbao.SeverityWarning, nianbao.SeverityInfo}

// findingStates are the states filters offer: open, then the reviewers'.
var findingStates = append([]nianbao.FindingState{nianbao.FindingOpen}, nianbao.FindingStates...)
