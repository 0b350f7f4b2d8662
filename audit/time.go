package audit

import (
	"fmt"
	"strings"
	"time"

	"nianbao"
	"nianbao/place"
)

// The deadlines of template.md ("Law and calendar"), by kind of body: the
// month and day in the year after the reporting year, and the rule.
var legalDeadlines = map[place.Kind]struct{ monthDay, why string }{
	place.KindDepartment: {"01-31", "《条例》第四十九条：县级以上人民政府部门应于每年1月31日前公布本部门年报"},
	place.KindTownship: {"01-31", "国办公开办函〔2021〕30号：乡镇、街道的年报报送县级政府信息公开工作主管部门，" +
		"由其于2月20日前汇总报送，按部门年报的1月31日期限掌握"},
	place.KindGovernment: {"03-31", "《条例》第四十九条：政府信息公开工作主管部门应于每年3月31日前公布本级政府年报"},
}

// chainDates are the dates of 国办公开办函〔2021〕30号 by which the office
// of a county, a prefecture or a province forwards its region's reports,
// aggregated, to the level above. They bind the forwarding, not the
// publication, which the law sets at 3月31日: a 本级 report published in
// March may have been forwarded in time, so they are stated, not applied
// (an office that wants them applied sets them as local deadlines).
var chainDates = map[place.Level]string{place.County: "02-20", place.Prefecture: "03-10", place.Province: "03-31"}

// LocalDeadline is a deadline an office sets for the bodies of its region
// and a reporting year, earlier than the law's: some cities require the
// departments' reports by 1月26日–1月28日.
type LocalDeadline struct {
	Region string     // division code; the deadline covers everything under it
	Year   int        // the reporting year; the date falls in the year after
	Kind   place.Kind // the kind of body it binds; KindUnknown: departments and townships, whose 1月31日 it moves
	Date   string     // ISO date
	Basis  string     // the office's notice, cited in findings: "淮政办发〔2025〕1号"
}

// binds reports whether the setting applies to a body of kind k.
func (d LocalDeadline) binds(k place.Kind) bool {
	if d.Kind == place.KindUnknown {
		return k == place.KindDepartment || k == place.KindTownship
	}
	return d.Kind == k
}

// Deadlines are an office's local deadlines. A region's deadline applies
// to everything under it unless a more specific region has its own; in
// one region, a setting for the body's kind outranks one for departments
// and townships together.
type Deadlines []LocalDeadline

// For returns the local deadline that applies to a body of kind at the
// division code for the reporting year.
func (ds Deadlines) For(code string, year int, kind place.Kind) (LocalDeadline, bool) {
	var best LocalDeadline
	found := false
	for _, d := range ds {
		if d.Year != year || !d.binds(kind) || d.Region == "" || !strings.HasPrefix(code, d.Region) {
			continue
		}
		if !found || len(d.Region) > len(best.Region) || len(d.Region) == len(best.Region) && d.Kind != place.KindUnknown {
			best, found = d, true
		}
	}
	return best, found
}

// Validate checks every setting: a division, a year, a date in the year
// after it and no later than the law's deadline, one setting per region,
// year and kind.
func (ds Deadlines) Validate() error {
	seen := map[LocalDeadline]bool{}
	for _, d := range ds {
		p, ok := place.Lookup(d.Region)
		if !ok {
			return nianbao.Errorf(nianbao.EINVALID, "地方期限的地区代码“%s”不在区划表中", d.Region)
		}
		if d.Year < 2008 || d.Year > 9998 {
			return nianbao.Errorf(nianbao.EINVALID, "%s的地方期限：报告年度“%d”无效", p.Name, d.Year)
		}
		date, err := time.Parse(time.DateOnly, d.Date)
		if err != nil || date.Year() != d.Year+1 {
			return nianbao.Errorf(nianbao.EINVALID, "%s %d年度的地方期限“%s”不是%d年的日期", p.Name, d.Year, d.Date, d.Year+1)
		}
		if _, ok := legalDeadlines[d.Kind]; !ok && d.Kind != place.KindUnknown {
			return nianbao.Errorf(nianbao.EINVALID, "地方期限只能约束本级人民政府、政府部门或乡镇、街道，不能约束“%s”", d.Kind.Label())
		}
		for _, k := range place.Kinds {
			if legal, ok := legalDeadlines[k]; ok && d.binds(k) && d.Date[5:] > legal.monthDay {
				return nianbao.Errorf(nianbao.EINVALID, "%s %d年度的地方期限 %s 晚于%s的法定期限%s", p.Name, d.Year, d.Date, k.Label(), monthDay(legal.monthDay))
			}
		}
		key := LocalDeadline{Region: p.Code, Year: d.Year, Kind: d.Kind}
		if seen[key] {
			return nianbao.Errorf(nianbao.EINVALID, "%s %d年度的地方期限设置了两次", p.Name, d.Year)
		}
		seen[key] = true
	}
	return nil
}

// Timeliness is how a report stands against its deadline. Every case in
// which the deadline cannot be judged is a category of its own, so that
// none counts as on time.
//
// For the store: the reports table's boolean late (set from time.late
// findings) counts an undated report as on time; a timeliness column set
// from Timely, with the body's placement, keeps the categories apart for
// the roster (已报 / 逾期 / 未写日期) and the dashboard.
type Timeliness string

// The categories of timeliness.
const (
	OnTime   Timeliness = "on_time"
	Late     Timeliness = "late"
	Undated  Timeliness = "undated"   // the report states no date
	NoYear   Timeliness = "no_year"   // its reporting year is unknown
	NoKind   Timeliness = "no_kind"   // what its body is is unknown, so which deadline applies
	NoRegion Timeliness = "no_region" // published after a local deadline its unplaced body may be bound by
	NotBound Timeliness = "not_bound" // a school, hospital or 公共企事业单位: the 条例's deadlines do not bind it
)

// Label names the category in Chinese.
func (t Timeliness) Label() string {
	switch t {
	case OnTime:
		return "按期"
	case Late:
		return "逾期"
	case Undated:
		return "未写日期"
	case NoYear:
		return "年度不明"
	case NoKind:
		return "机关类别不明"
	case NoRegion:
		return "未定位，不知是否适用地方期限"
	case NotBound:
		return "不适用法定期限"
	}
	return ""
}

// Deadline is the date a report is due and where it comes from.
type Deadline struct {
	Date  string // ISO date; "" when none applies
	Kind  place.Kind
	Why   string         // the law or the office's notice
	Local *LocalDeadline // the office's setting that applies; nil: the law's
	// Chain is, for a 本级 report of a county, a prefecture or a province,
	// the 30号 date by which its office forwards the region's reports.
	Chain string
}

// Timely judges a report's publication against its deadline: the law's
// for its kind of body (template.md), or the local one an office set for
// its region and year (Options.Deadlines). Options.Place says where the
// body stands; when it is zero the body is placed from the report.
func Timely(rep *nianbao.Report, opt Options) (Timeliness, Deadline) {
	return timely(rep, opt, placement(rep, opt))
}

// placement is the body's placement given in opt, else the one Locate
// decides; a manual placement without a kind takes Locate's.
func placement(rep *nianbao.Report, opt Options) place.Placement {
	switch {
	case opt.Place.IsZero():
		return place.Locate(rep)
	case opt.Place.Manual && opt.Place.Kind == place.KindUnknown:
		return place.Effective(place.Locate(rep), opt.Place)
	}
	return opt.Place
}

func timely(rep *nianbao.Report, opt Options, pl place.Placement) (Timeliness, Deadline) {
	d := Deadline{Kind: pl.Kind}
	legal, ok := legalDeadlines[pl.Kind]
	switch {
	case rep.Year == 0:
		return NoYear, d
	case pl.Kind == place.KindOther:
		return NotBound, d
	case !ok:
		return NoKind, d
	}
	d.Date, d.Why = fmt.Sprintf("%d-%s", rep.Year+1, legal.monthDay), legal.why
	if p, ok := pl.Place(); ok && pl.Kind == place.KindGovernment {
		if md, ok := chainDates[p.Level]; ok {
			d.Chain = fmt.Sprintf("%d-%s", rep.Year+1, md)
		}
	}
	if local, ok := opt.Deadlines.For(pl.Code, rep.Year, pl.Kind); ok && pl.Placed() && local.Date < d.Date {
		d.Date, d.Why, d.Local = local.Date, localWhy(local), &local
	}
	published, err := time.Parse(time.DateOnly, rep.PublishedOn)
	switch {
	case err != nil:
		return Undated, d
	case published.Format(time.DateOnly) > d.Date:
		return Late, d
	case !pl.Placed():
		// An unplaced body escapes no local deadline: if one of its year
		// and kind falls before the publication, it may be late.
		for _, l := range opt.Deadlines {
			if l.Year == rep.Year && l.binds(pl.Kind) && l.Date < rep.PublishedOn {
				return NoRegion, d
			}
		}
	}
	return OnTime, d
}

// localWhy is the basis a local deadline's finding cites.
func localWhy(l LocalDeadline) string {
	where := l.Region
	if p, ok := place.Lookup(l.Region); ok {
		where = p.FullName()
	}
	why := where + "规定的期限"
	if l.Basis != "" {
		why += "（" + l.Basis + "）"
	}
	return why + "，早于《条例》第四十九条的法定期限"
}

// late: published after the deadline for the kind of body.
func late(c *Context) []nianbao.Finding {
	rep := c.Report
	if c.timeliness != Late {
		return nil
	}
	d := c.deadline
	published, _ := time.Parse(time.DateOnly, rep.PublishedOn)
	due, _ := time.Parse(time.DateOnly, d.Date)
	days := int(published.Sub(due).Hours() / 24)
	which := "法定"
	if d.Local != nil {
		which = "地方规定"
	}
	msg := fmt.Sprintf("发布日期 %s 晚于%s期限 %s，逾期 %d 天（“%s”按%s适用%s的期限）",
		rep.PublishedOn, which, d.Date, days, rep.Agency, d.Kind.Label(), monthDay(d.Date[5:]))
	return []nianbao.Finding{{Message: msg + chainNote(d), Basis: d.Why}}
}

// chainNote states the 30号 forwarding date of a 本级 report.
func chainNote(d Deadline) string {
	if d.Chain == "" {
		return ""
	}
	return fmt.Sprintf("；按国办公开办函〔2021〕30号，本级政府信息公开工作主管部门还应于%s前将本地区年报汇总报送上一级", monthDay(d.Chain[5:]))
}

// lateUnchecked says why timeliness could not be judged.
func lateUnchecked(c *Context) []nianbao.Finding {
	rep := c.Report
	var why string
	switch c.timeliness {
	case Undated:
		why = "报告未写明发布或成文日期，无法判断是否按期发布"
	case NoYear:
		why = "未能确定报告年度，无法判断是否按期发布"
	case NoKind:
		why = "未能确定报告机关的类别，不知适用哪一期限，无法判断是否按期发布"
	case NotBound:
		why = fmt.Sprintf("“%s”不是行政机关，不适用《条例》第四十九条的期限，未判断是否按期发布", rep.Agency)
	case NoRegion:
		why = fmt.Sprintf("“%s”未能定位到地区，发布日期 %s 晚于本年度的地方期限，不知是否适用，按法定期限 %s 未逾期", rep.Agency, rep.PublishedOn, c.deadline.Date)
	default:
		return nil
	}
	if c.timeliness != NotBound && c.timeliness != NoRegion {
		why += "（部门、乡镇街道为1月31日，本级政府年报为3月31日）"
	}
	return []nianbao.Finding{{Message: why}}
}

// monthDay writes "01-31" as 1月31日.
func monthDay(md string) string {
	t, _ := time.Parse("01-02", md)
	return fmt.Sprintf("%d月%d日", t.Month(), t.Day())
}

// KindLabel names the bodies the setting binds, in Chinese.
func (d LocalDeadline) KindLabel() string {
	if d.Kind == place.KindUnknown {
		return "部门和乡镇街道"
	}
	return d.Kind.Label()
}

// DeadlineSetting is a local deadline as an office keeps it: who set it
// (an account; "" for the command line) and when. The audit reads only
// the LocalDeadline.
type DeadlineSetting struct {
	LocalDeadline
	By string
	At time.Time
}
