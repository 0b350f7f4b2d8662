package match

import "testing"

func TestNearPrefix(t *testing.T) {
	for _, c := range []struct {
		s, kw string
		want  int // runes of s matched, 0 for none
	}{
		{"政府信息公开行政法复议、行政诉讼情况", "政府信息公开行政复议", 11}, // added
		{"政府信息公开行攻复议、行政诉讼", "政府信息公开行政复议", 10},    // changed
		{"政府信息公开行政复仪", "政府信息公开行政复议", 0},          // the last character must agree
		{"政府信息公开行复议、行政诉讼", "政府信息公开行政复议", 9},      // dropped
		{"政府信息公开行政复议", "政府信息公开行政复议", 10},         // same
		{"政府公开行政法复议", "政府信息公开行政复议", 0},           // two apart
		{"本年新收政府信息", "政府信息公开行政复议", 0},
	} {
		s, kw := normString(c.s), normString(c.kw)
		got := nearPrefix(s, kw)
		want := len(normString(string([]rune(c.s)[:c.want])))
		if c.want == 0 {
			want = 0
		}
		if got != want {
			t.Errorf("nearPrefix(%q, %q) = %d bytes, want %d", c.s, c.kw, got, want)
		}
	}
}
