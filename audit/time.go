package audit

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"nianbao"
)

// Body is the kind of reporting body, which decides its deadline.
type Body struct {
	Kind     string // in Chinese, as the finding names it
	Deadline string // month and day in the year after the reporting year, "01-31"
	Why      string // the rule that sets the deadline
}

var (
	bodyGovernment = Body{"县级以上人民政府（本级政府年报）", "03-31",
		"《条例》第四十九条：政府信息公开工作主管部门应于每年3月31日前公布本级政府年报"}
	bodyTownship = Body{"乡镇人民政府、街道办事处", "01-31",
		"国办公开办函〔2021〕30号：乡镇、街道的年报报送县级政府信息公开工作主管部门（县级于2月20日前汇总），按部门年报的1月31日期限掌握"}
	bodyDepartment = Body{"县级以上人民政府部门", "01-31",
		"《条例》第四十九条：县级以上人民政府部门应于每年1月31日前公布本部门年报"}
)

// ClassifyBody tells from a body's name which deadline applies: a 乡镇 or
// 街道 reports by 1月31日, like a department of a government; a 县级以上
// 人民政府 — or a place name standing for it, as in "东山区2023年政府信息公开
// 工作年度报告" — publishes its 本级 report by 3月31日. ok is false when
// there is no name.
func ClassifyBody(name string) (b Body, ok bool) {
	name = strings.ReplaceAll(strings.Join(strings.Fields(name), ""), "人民政府", "政府")
	name = strings.TrimSuffix(name, "政府")
	last, _ := utf8.DecodeLastRuneInString(name)
	switch {
	case name == "":
		return Body{}, false
	case strings.Contains(name, "街道") || last == '乡' || last == '镇':
		return bodyTownship, true
	case strings.ContainsRune("省市区县州盟旗", last):
		return bodyGovernment, true
	}
	return bodyDepartment, true
}

// late: published after the deadline for the kind of body.
func late(c *Context) []nianbao.Finding {
	rep := c.Report
	body, ok := ClassifyBody(rep.Agency)
	published, err := time.Parse(time.DateOnly, rep.PublishedOn)
	if !ok || err != nil || rep.Year == 0 {
		return nil
	}
	deadline, _ := time.Parse(time.DateOnly, fmt.Sprintf("%d-%s", rep.Year+1, body.Deadline))
	if !published.After(deadline) {
		return nil
	}
	days := int(published.Sub(deadline).Hours() / 24)
	return []nianbao.Finding{{
		Message: fmt.Sprintf("发布日期 %s 晚于法定期限 %s，逾期 %d 天（“%s”按%s适用%s的期限）",
			rep.PublishedOn, deadline.Format(time.DateOnly), days, rep.Agency, body.Kind, monthDay(body.Deadline)),
		Basis: body.Why}}
}

// lateUnchecked says why timeliness could not be judged.
func lateUnchecked(c *Context) []nianbao.Finding {
	rep := c.Report
	var why string
	switch _, ok := ClassifyBody(rep.Agency); {
	case rep.PublishedOn == "":
		why = "报告未写明发布或成文日期"
	case rep.Year == 0:
		why = "未能确定报告年度"
	case !ok:
		why = "未能确定报告机关，不知适用哪一期限"
	default:
		return nil
	}
	return []nianbao.Finding{{Message: why + "，无法判断是否按期发布（部门、乡镇街道为1月31日，本级政府年报为3月31日）"}}
}

// monthDay writes "01-31" as 1月31日.
func monthDay(md string) string {
	t, _ := time.Parse("01-02", md)
	return fmt.Sprintf("%d月%d日", t.Month(), t.Day())
}
