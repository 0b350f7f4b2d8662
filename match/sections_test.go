package match

import (
	"testing"

	"nianbao/reader/text"
)

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
		if got := proseText(c.in, measureWrap([]string{c.in})); got != c.want {
			t.Errorf("%s:\n got %q\nwant %q", c.name, got, c.want)
		}
	}
}

// TestSectionTexts: sections 二–四 keep their sentences, not their tables
// (rows of a text's table, cells run together); the last section ends
// where the report does, not with the page's footer; a title run together
// with its text keeps all of it; the text before 一 is the preface.
func TestSectionTexts(t *testing.T) {
	in := "某县人民政府2024年政府信息公开工作年度报告\n本报告在某县人民政府门户网站公开。\n" +
		"一、总体情况\n2024年，本县公开信息100条。\n" +
		"二、主动公开政府信息情况\n本年度主动公开政府信息100条，情况如下表。\n第二十条第（一）项\n信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |\n规章 | 0 | 0 | 0 |\n" +
		"三、收到和处理政府信息公开申请情况（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）申请人情况自然人一、本年新收政府信息公开申请数量0000000\n" +
		"四、政府信息公开行政复议、行政诉讼情况行政复议行政诉讼结果维持结果纠正000000000000000\n" +
		"五、存在的主要问题及改进情况\n一是解读不够。\n" +
		"六、其他需要报告的事项\n本年度未收取信息处理费。 附件下载\n某县人民政府\n2025年1月20日\n图解：\n主办单位：某县人民政府办公室 网站标识码1234\nCopyright 2024 版权所有 ICP备05005095号\n"
	doc := text.Parse(in)
	nt := borrowNormText(doc.Text)
	defer nt.release()
	preface, secs := sectionTexts(doc.Text, findSections(doc.Text, nt), newDocIndex(doc))
	if want := "某县人民政府2024年政府信息公开工作年度报告\n本报告在某县人民政府门户网站公开。"; preface != want {
		t.Errorf("preface %q, want %q", preface, want)
	}
	want := []struct{ title, text string }{
		{"一、总体情况", "2024年，本县公开信息100条。"},
		{"二、主动公开政府信息情况", "本年度主动公开政府信息100条，情况如下表。"},
		{"三、收到和处理政府信息公开申请情况", ""},
		{"四、政府信息公开行政复议、行政诉讼情况", ""},
		{"五、存在的主要问题及改进情况", "一是解读不够。"},
		{"六、其他需要报告的事项", "本年度未收取信息处理费。\n某县人民政府\n2025年1月20日"},
	}
	if len(secs) != len(want) {
		t.Fatalf("%d sections: %+v", len(secs), secs)
	}
	for i, w := range want {
		if secs[i].Title != w.title || secs[i].Text != w.text {
			t.Errorf("section %d: %q %q, want %q %q", i+1, secs[i].Title, secs[i].Text, w.title, w.text)
		}
	}
}

// TestProseTextAcrossSections: one page width holds for the document, so
// a section of two lines, the first wrapped, is joined by what the other
// sections' lines show.
func TestProseTextAcrossSections(t *testing.T) {
	long := "全面贯彻落实条例相关规范要求，不断完善政府信息公开制度建立健全\n"
	other := long + long + long + "保障机制。"
	short := "2024年，区政府严格落实《政府信息公开信息处理费管理办\n法》，全年收取信息处理费0元。"
	w := measureWrap([]string{other, short})
	if got, want := proseText(short, w), "2024年，区政府严格落实《政府信息公开信息处理费管理办法》，全年收取信息处理费0元。"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	if got := proseText(short, measureWrap([]string{short})); got != short {
		t.Errorf("alone, a section of two lines is joined: %q", got)
	}
}

// TestSectionWithoutTable: a section of 二–四 that holds no table keeps
// its words, sentence or not.
func TestSectionWithoutTable(t *testing.T) {
	in := "一、总体情况\n本年度公开信息。\n二、主动公开政府信息情况\n规章 | 0 | 0 | 0 |\n三、收到和处理政府信息公开申请情况\n一、本年新收政府信息公开申请数量 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |\n" +
		"四、政府信息公开行政复议、行政诉讼情况\n本年度未发生行政复议、行政诉讼\n五、存在的主要问题及改进情况\n无。\n六、其他需要报告的事项\n无。\n"
	doc := text.Parse(in)
	nt := borrowNormText(doc.Text)
	defer nt.release()
	_, secs := sectionTexts(doc.Text, findSections(doc.Text, nt), newDocIndex(doc))
	if len(secs) != 6 || secs[1].Text != "" || secs[3].Text != "本年度未发生行政复议、行政诉讼" {
		t.Errorf("sections %+v", secs)
	}
}
