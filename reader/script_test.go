package reader

import "testing"

func TestUnescapeScript(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{`<td style=\'width:1pt\'>0<\/td>\n`, "<td style='width:1pt'>0</td>\n"},
		{`\"引号\" \\ \t`, "\"引号\" \\ \t"},
		{`\u4e00\u0030\x41`, "一0A"},
		{`\ud83d\ude00`, "😀"},    // a surrogate pair
		{`\ud83d x`, "\uFFFD x"}, // a lone surrogate
		{`\u12 \x4`, "u12 x4"},   // too few digits: the letter stands
		{`末尾\`, `末尾\`},           // a backslash at the end stays
		{"没有转义", "没有转义"},
	} {
		if got := string(unescapeScript([]byte(c.in))); got != c.want {
			t.Errorf("unescapeScript(%q) = %q; want %q", c.in, got, c.want)
		}
	}
}
