package place

import (
	"strings"
	"testing"
)

func TestResolve(t *testing.T) {
	for _, c := range []struct {
		q, code string // code "" when q is an error
		err     string // in the error's message
	}{
		{"3208", "3208", ""},
		{" 320813 ", "320813", ""},
		{"淮安市", "3208", ""},
		{"洪泽区", "320813", ""},
		{"洪泽", "320813", ""},
		{"淮安", "3208", ""}, // 淮安市 and its 淮安区: the one that holds the other
		{"淮安市洪泽区", "320813", ""},
		{"江苏省淮安市洪泽区", "320813", ""},
		{"江苏 淮安 洪泽", "320813", ""},
		{"淮安市淮安区", "320803", ""},
		{"江苏省淮安市洪泽区高良涧街道", "320813001", ""},
		{"淮安市鼓楼区", "", "区划表中没有"}, // 鼓楼区 lies in other cities
		{"鼓楼区", "", "个地区"},
		{"城关镇", "", "个地区"},
		{"9999", "", "区划表中没有"},
		{"", "", "没有给出"},
	} {
		p, err := Resolve(c.q)
		switch {
		case c.code != "" && (err != nil || p.Code != c.code):
			t.Errorf("Resolve(%q) = %s, %v; want %s", c.q, p.Code, err, c.code)
		case c.code == "" && (err == nil || !strings.Contains(err.Error(), c.err)):
			t.Errorf("Resolve(%q) = %s, %v; want an error saying %q", c.q, p.Code, err, c.err)
		}
	}
	if got := Label("3208"); got != "江苏省淮安市（3208）" {
		t.Errorf("Label(3208) = %q", got)
	}
	if got := Label("99"); got != "99" {
		t.Errorf("Label(99) = %q", got)
	}
}
