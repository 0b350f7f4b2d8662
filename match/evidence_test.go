package match

import (
	"testing"

	"nianbao"
)

func TestSettleByProse(t *testing.T) {
	item := nianbao.Format2021.ActiveItems()[1] // 行政规范性文件
	run := func(s string) [][]token {
		c, _ := readings([]token{{kind: nianbao.KindNumber, raw: s}}, 3, func(token) bool { return true }, nil)
		return c
	}
	for _, c := range []struct {
		name, prose, digits string
		want                string // readings kept
	}{
		{"both ends stated", "集中公开现行有效行政规范性文件698件，动态更新本年度制发的规范性文件88件。", "8855698", "88|55|698"},
		{"one stated", "动态更新本年度制发的规范性文件77件。", "77132470", "77|1|32470、77|13|2470、77|132|470、77|1324|70、77|13247|0"},
		{"stated figure fits no reading", "现行有效行政规范性文件393件。", "77132470", ""},
		{"other verb", "已宣布废止规范性文件5件", "693665", ""},
		{"no verb in the clause", "公布规范性文件68件", "693665", ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			text := c.prose + "表格" + c.digits
			cands := run(c.digits)
			kept, used := settleByProse(text, len(c.prose), len(text), item, cands)
			got := ""
			if len(used) > 0 {
				got = listReadings(kept)
			}
			if got != c.want {
				t.Errorf("kept %q, want %q", got, c.want)
			}
		})
	}
}
