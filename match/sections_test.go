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

func TestProseText(t *testing.T) {
	for _, c := range []struct{ name, in, want string }{
		{"wrapped lines joined, page number dropped",
			"2023年，本区坚持以新时代中国特色社会主义思想为\n指导，全面贯彻落实条例相关规范要求，不断完善\n政府信息公开制度，建立健全保障机制，将政务\n-1-\n公开工作摆在重要位置。\n（一）主动公开情况。",
			"2023年，本区坚持以新时代中国特色社会主义思想为指导，全面贯彻落实条例相关规范要求，不断完善政府信息公开制度，建立健全保障机制，将政务公开工作摆在重要位置。\n（一）主动公开情况。"},
		{"a paragraph a line is kept",
			"第一段，写完了。\n第二段没有句号\n第三段。",
			"第一段，写完了。\n第二段没有句号\n第三段。"},
		{"a line opening an item is not joined",
			"全面贯彻落实条例相关规范要求，不断完善信息公开\n全面贯彻落实条例相关规范要求，不断完善信息公开\n全面贯彻落实条例相关规范要求，不断完善信息公开\n一是加强解读",
			"全面贯彻落实条例相关规范要求，不断完善信息公开全面贯彻落实条例相关规范要求，不断完善信息公开全面贯彻落实条例相关规范要求，不断完善信息公开\n一是加强解读"},
		{"table rows are kept",
			"规章\t0\t0\t0\n行政规范性文件\t1\t2\t3\n行政许可 | 5 |",
			"规章\t0\t0\t0\n行政规范性文件\t1\t2\t3\n行政许可 | 5 |"},
	} {
		if got := proseText(c.in); got != c.want {
			t.Errorf("%s:\n got %q\nwant %q", c.name, got, c.want)
		}
	}
}
