// Package audit applies to a report every rule a supervising office
// (政务公开办) or a third-party evaluator applies: the template's arithmetic,
// the template itself, the prose against the tables, the deadline, the
// previous year's report and plausibility. Each rule is a small function in
// one catalogue (Rules); Check runs them all.
//
// An audit never changes a report: a total that does not add up is reported
// with the value printed and the value the other cells imply, and left as it is.
package audit

import (
	"slices"

	"nianbao"
	"nianbao/place"
)

// Rule is one check of the catalogue.
type Rule struct {
	ID       nianbao.RuleID // what the rule checks is ID.Title()
	Severity nianbao.Severity
	Basis    string // the law, notice or template rule it applies
	Check    func(*Context) []nianbao.Finding
}

// Rules is the catalogue, in the order findings of equal severity are listed.
var Rules = []Rule{
	// The template's arithmetic (template.md): the report contradicts itself.
	{nianbao.RuleRowTotal, nianbao.SeverityError, basisTable3, identityRule(nianbao.RuleRowTotal)},
	{nianbao.RuleColumnTotal, nianbao.SeverityError, basisTable3, identityRule(nianbao.RuleColumnTotal)},
	{nianbao.RuleBalance, nianbao.SeverityError, basisTable3Printed, identityRule(nianbao.RuleBalance)},
	{nianbao.RuleReviewTotal, nianbao.SeverityError, basisTable4, identityRule(nianbao.RuleReviewTotal)},
	{nianbao.RuleNegative, nianbao.SeverityError, basisCounts, negativeCells},
	{nianbao.RuleFraction, nianbao.SeverityError, basisCounts, fractionCells},
	{nianbao.RuleUncheckedArith, nianbao.SeverityInfo, basisBlank, uncheckedIdentities},

	// The template (国办公开办函〔2021〕30号, 〔2019〕60号).
	{nianbao.RuleFormatYear, nianbao.SeverityWarning, basisFormat, formatYear},
	{nianbao.RuleSections, nianbao.SeverityWarning, basisSections, sectionsPresent},
	{nianbao.RuleMissingRows, nianbao.SeverityWarning, basisFormat, missingRows},
	{nianbao.RuleMissingColumns, nianbao.SeverityWarning, basisFormat, missingColumns},
	{nianbao.RuleMergedOther, nianbao.SeverityWarning, basisFormat2021, mergedOther},
	{nianbao.RuleRenamed, nianbao.SeverityWarning, basisFormat, renamedRows},
	{nianbao.RuleBlankCells, nianbao.SeverityWarning, basisBlank, blankCells},

	// The prose against the tables.
	{nianbao.RuleTextReceived, nianbao.SeverityWarning, basisProse, claimRule(receivedClaims)},
	{nianbao.RuleTextClosed, nianbao.SeverityWarning, basisProse, claimRule(closedClaims)},
	{nianbao.RuleTextCarried, nianbao.SeverityWarning, basisProse, claimRule(carriedClaims)},
	{nianbao.RuleTextReview, nianbao.SeverityWarning, basisProse, claimRule(reviewClaims)},
	{nianbao.RuleTextAllClosed, nianbao.SeverityWarning, basisProse, allClosed},
	{nianbao.RuleTextYear, nianbao.SeverityWarning, basisYear, otherYears},
	{nianbao.RuleTextFees, nianbao.SeverityWarning, basisFees, feeStatements},
	{nianbao.RuleFeesUnreported, nianbao.SeverityInfo, basisFeesReported, feesUnreported},

	// The calendar.
	{nianbao.RuleLate, nianbao.SeverityWarning, basisDeadline, late},
	{nianbao.RuleLateUnchecked, nianbao.SeverityInfo, basisDeadline, lateUnchecked},

	// The same body's previous report.
	{nianbao.RuleCarriedOver, nianbao.SeverityWarning, basisAcrossYears, carriedOver},
	{nianbao.RuleInForce, nianbao.SeverityWarning, basisInForce, inForce},
	{nianbao.RuleItems2019, nianbao.SeverityWarning, basisFormat2019, items2019},
	{nianbao.RuleCopiedProblems, nianbao.SeverityWarning, basisProblems, copiedProblems},
	{nianbao.RuleCrossUnchecked, nianbao.SeverityInfo, basisAcrossYears, crossUnchecked},

	// Plausibility.
	{nianbao.RuleOtherHigh, nianbao.SeverityInfo, basisOther, otherHigh},
	{nianbao.RuleAllZero, nianbao.SeverityInfo, basisProse, allZero},
}

// The bases findings cite.
const (
	basisTable3        = "年报格式表三（国办公开办函〔2021〕30号；2019、2020年度为〔2019〕60号）：总计列为六类申请人之和，（七）总计为（一）至（六）各项之和"
	basisTable3Printed = "年报格式表三表头所印：“第一项加第二项之和，等于第三项加第四项之和”"
	basisTable4        = "年报格式表四：每组总计为结果维持、结果纠正、其他结果、尚未审结之和"
	basisCounts        = "年报格式：件数为非负整数，金额为非负数（2019年版“本年增/减”可为负）"
	basisBlank         = "年报格式各格应填数字：空白、“/”“—”“无”不等于0，不按0计算"
	basisFormat        = "国办公开办函〔2021〕30号（2021年度起）、〔2019〕60号（2019、2020年度）规定的统一格式，不得删减行列"
	basisFormat2021    = "国办公开办函〔2021〕30号年报格式表三：（六）其他处理分为三项"
	basisFormat2019    = "国办公开办函〔2019〕60号年报格式表二第二十条第（五）（六）（八）项：上一年项目数量、本年增/减"
	basisSections      = "《政府信息公开条例》第五十条；国办公开办函〔2021〕30号规定的六个部分"
	basisProse         = "年报正文与表格数据应一致（第三方评估和政务公开办审核要点）"
	basisYear          = "《政府信息公开条例》第四十九条、第五十条：年报报告本年度的工作情况"
	basisFees          = "国办函〔2020〕109号《政府信息公开信息处理费管理办法》：按件100元/件起，按量10、20、40元/页；信息处理费按行政事业性收费管理"
	basisFeesReported  = "国办公开办函〔2021〕30号：第六部分报告依据国办函〔2020〕109号收取信息处理费的情况"
	basisDeadline      = "《政府信息公开条例》第四十九条；国办公开办函〔2021〕30号"
	basisAcrossYears   = "年报格式表三：本年“上年结转”即上年“结转下年度继续办理”"
	basisInForce       = "2021年版表二：现行有效件数 = 上年现行有效 + 本年制发 − 本年废止（文件也会因到期等原因失效，故为警告）"
	basisProblems      = "国办公开办函〔2021〕30号：存在的主要问题及改进情况应具体，不得年年雷同"
	basisOther         = "国办公开办函〔2019〕60号要求上级政府信息公开工作主管部门关注“其他处理”偏多的情况"
)

// Options carries what a check needs besides the report.
type Options struct {
	// Previous holds earlier reports of the same body; the one for the
	// year before the report's is compared with it.
	Previous []*nianbao.Report
	// Place is where the report's body stands, when the caller knows it
	// (an office's manual placement: place.Effective); zero, the audit
	// places the body from the report (place.Locate).
	Place place.Placement
	// Deadlines are the local deadlines the office set (see Timely).
	Deadlines Deadlines
}

// Context is what every rule sees: the report, its provenance, and the
// same body's report for the year before when one was given.
type Context struct {
	Report   *nianbao.Report
	Previous *nianbao.Report
	opt      Options
	cells    cellIndex
	prev     cellIndex
	// What several rules read, worked out once.
	identities []nianbao.Identity
	sentences  [7][]string // by section number, see splitSentences
	timeliness Timeliness
	deadline   Deadline
}

// Check applies every rule of the catalogue to rep. Findings come errors
// first, then warnings, then information, each in catalogue order.
func Check(rep *nianbao.Report, opt Options) []nianbao.Finding {
	ctx := newContext(rep, opt)
	var out []nianbao.Finding
	for _, r := range Rules {
		for _, f := range r.Check(ctx) {
			f.Rule, f.Severity = r.ID, r.Severity
			if f.Basis == "" {
				f.Basis = r.Basis
			}
			out = append(out, f)
		}
	}
	slices.SortStableFunc(out, func(a, b nianbao.Finding) int { return a.Severity.Rank() - b.Severity.Rank() })
	return out
}

func newContext(rep *nianbao.Report, opt Options) *Context {
	ctx := &Context{Report: rep, opt: opt, cells: rep.CellIndex(), identities: rep.Identities()}
	ctx.timeliness, ctx.deadline = Timely(rep, opt)
	for _, s := range rep.Sections {
		if s.Number >= 1 && s.Number <= 6 {
			ctx.sentences[s.Number] = splitSentences(s.Text)
		}
	}
	if rep.Year > 0 {
		for _, p := range opt.Previous {
			if p.Year == rep.Year-1 {
				ctx.Previous, ctx.prev = p, p.CellIndex()
				break
			}
		}
	}
	return ctx
}
