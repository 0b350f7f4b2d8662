package meta

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"
)

type seed struct {
	name string
	text string
	want Meta
}

func loadSeeds(t testing.TB) []seed {
	t.Helper()
	files, err := filepath.Glob("../../../testdata/seeds/*.txt")
	if err != nil || len(files) == 0 {
		t.Fatalf("no seeds: %v", err)
	}
	var seeds []seed
	for _, f := range files {
		text, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		raw, err := os.ReadFile(strings.TrimSuffix(f, ".txt") + ".truth.json")
		if err != nil {
			t.Fatal(err)
		}
		var truth struct {
			Agency      string  `json:"agency"`
			Year        int     `json:"year"`
			PublishedOn *string `json:"published_on"`
		}
		if err := json.Unmarshal(raw, &truth); err != nil {
			t.Fatal(err)
		}
		want := Meta{Agency: truth.Agency, Year: truth.Year}
		if truth.PublishedOn != nil {
			want.PublishedOn = *truth.PublishedOn
		}
		seeds = append(seeds, seed{filepath.Base(f), string(text), want})
	}
	return seeds
}

// TestSeeds reads the sample reports as they are and as web pages render
// them: behind page chrome, and squashed onto one line with or without
// spaces where the line breaks were.
func TestSeeds(t *testing.T) {
	variants := []struct {
		name string
		f    func(string) string
	}{
		{"as is", func(s string) string { return s }},
		{"squashed", func(s string) string { return strings.ReplaceAll(s, "\n", "") }},
		{"one line", func(s string) string { return strings.ReplaceAll(s, "\n", " ") }},
		{"chrome", func(s string) string {
			return "无障碍浏览 长者专版 繁體\n首页 > 政务公开 > 政府信息公开年报\n当前位置：首页>信息公开\n\n" + s
		}},
		{"trailing chrome", func(s string) string {
			return s + "\n打印本页 关闭窗口\n主办单位：某某人民政府办公室 版权所有\n"
		}},
		{"nbsp", func(s string) string { return strings.ReplaceAll(s, " ", "\u00a0") }},
	}
	for _, sd := range loadSeeds(t) {
		for _, v := range variants {
			if got := Read(v.f(sd.text)); got != sd.want {
				t.Errorf("%s (%s): got %+v, want %+v", sd.name, v.name, got, sd.want)
			}
		}
	}
}

func TestRead(t *testing.T) {
	const body = "\n一、总体情况\n2023年，我局严格落实《条例》要求。\n二、主动公开政府信息情况\n"
	tests := []struct {
		name string
		text string
		want Meta
	}{
		// Titles.
		{"title line", "洪泽区人民政府2023年政府信息公开工作年度报告" + body,
			Meta{"洪泽区人民政府", 2023, ""}},
		{"year first", "2023年洪泽区政府信息公开工作年度报告" + body,
			Meta{"洪泽区", 2023, ""}},
		{"year first 年度", "2022年度 淮安市人民政府 政府信息公开工作年度报告" + body,
			Meta{"淮安市人民政府", 2022, ""}},
		{"year inside phrase", "淮安市人民政府政府信息公开工作2024年度报告" + body,
			Meta{"淮安市人民政府", 2024, ""}},
		{"year in parentheses", "沭阳县发展和改革局政府信息公开工作年度报告（2023年）" + body,
			Meta{"沭阳县发展和改革局", 2023, ""}},
		{"人民政府 before 信息公开", "淮安市人民政府信息公开工作年度报告(2024年度)" + body,
			Meta{"淮安市人民政府", 2024, ""}},
		{"政务公开工作年度报告", "东山区2022年政务公开工作年度报告" + body,
			Meta{"东山区", 2022, ""}},
		{"政府信息公开年度报告", "沭阳县发展和改革局2023年政府信息公开年度报告" + body,
			Meta{"沭阳县发展和改革局", 2023, ""}},
		{"年报", "东山区民政局2021年政府信息公开年报" + body,
			Meta{"东山区民政局", 2021, ""}},
		{"年度 after year", "曲靖市生态环境局2021年度政府信息公开工作年度报告" + body,
			Meta{"曲靖市生态环境局", 2021, ""}},
		{"wrapped title", "曲靖市麒麟区珠街街道2020年政府信息\n公开工作年度报告" + body,
			Meta{"曲靖市麒麟区珠街街道", 2020, ""}},
		{"agency on the line above", "\n洪泽区人民政府\n2023年政府信息公开工作年度报告" + body,
			Meta{"洪泽区人民政府", 2023, ""}},
		{"letter-spaced", "平 武 县 人 民 政 府 2024 年 政 府 信 息 公 开 工 作 年 度 报 告" + body,
			Meta{"平武县人民政府", 2024, ""}},
		{"space inside name", "西工区 王城路街道办事处 2024年政府信息公开工作年度报告" + body,
			Meta{"西工区王城路街道办事处", 2024, ""}},
		{"breadcrumb", "当前位置：首页 > 政务公开 > 年度报告\n标题：洪泽区人民政府2023年政府信息公开工作年度报告" + body,
			Meta{"洪泽区人民政府", 2023, ""}},
		{"chrome on the title line", "无障碍浏览 长者专版 首页 洪泽区人民政府2023年政府信息公开工作年度报告" + body,
			Meta{"洪泽区人民政府", 2023, ""}},
		{"chrome glued to the title", "无障碍浏览长者专版洪泽区人民政府2023年政府信息公开工作年度报告" + body,
			Meta{"洪泽区人民政府", 2023, ""}},
		{"Chinese numeral year", "平武县人民政府办公室二〇二四年政府信息公开工作年度报告" + body,
			Meta{"平武县人民政府办公室", 2024, ""}},
		{"full-width year", "洪泽区人民政府２０２３年政府信息公开工作年度报告" + body,
			Meta{"洪泽区人民政府", 2023, ""}},
		{"关于 around the year", "洪泽区人民政府关于2023年政府信息公开工作年度报告的公告" + body,
			Meta{"洪泽区人民政府", 2023, ""}},
		{"关于 in front", "关于洪泽区人民政府2023年政府信息公开工作年度报告" + body,
			Meta{"洪泽区人民政府", 2023, ""}},
		{"title without year", "沭阳县发展和改革局政府信息公开工作年度报告\n本报告统计期限为2023年1月1日至2023年12月31日。" + body,
			Meta{"沭阳县发展和改革局", 2023, ""}},
		{"column title before the report's", "2023年政府信息公开工作年度报告\n洪泽区人民政府2023年政府信息公开工作年度报告" + body,
			Meta{"洪泽区人民政府", 2023, ""}},
		{"title in the first sentence", "平武县人民政府办公室2024年政府信息公开工作年度报告(以下简称年报)是根据《条例》编制。" + body,
			Meta{"平武县人民政府办公室", 2024, ""}},
		{"template notice is no title", "根据《国务院办公厅政府信息与政务公开办公室关于印发中华人民共和国政府信息公开工作年度报告格式的通知》要求编制。\n一、总体情况\n2021年，东山区坚持以人民为中心。",
			Meta{"东山区", 2021, ""}},
		{"phrase in prose without a year", "现将东山区政府信息公开工作年度报告公布如下，请予监督。\n一、总体情况\n2022年，东山区积极推进。",
			Meta{"东山区", 2022, ""}},

		// Pages flattened onto one line: chrome and column names glued to the title.
		{"one line: 打印本页 glued", "无障碍浏览 长者专版当前位置：首页 > 政府信息公开 > 政府信息公开工作年度报告【字体：大 中 小】 打印本页路桥区南湖街道办事处2019年政府信息公开工作年度报告发布时间：2020-03-29一、总体情况2019年，我街道坚持公开。",
			Meta{"路桥区南湖街道办事处", 2019, "2020-03-29"}},
		{"one line: column 年报 glued", "无障碍浏览 长者专版首页 > 政务公开 > 政府信息公开年报南平市延平区人民政府办公室2024年政府信息公开工作年度报告一、总体情况2024年，本机关坚持公开。",
			Meta{"南平市延平区人民政府办公室", 2024, ""}},
		{"one line: column 年度报告 glued", "无障碍浏览 长者专版当前位置：首页 > 政府信息公开 > 政府信息公开工作年度报告台州市人民政府办公室2020年政府信息公开工作年度报告一、总体情况2020年以来，本机关认真贯彻落实上级关于政务公开工作的决策部署。",
			Meta{"台州市人民政府办公室", 2020, ""}},
		{"one line: column title, preface naming the body", "当前位置：首页 > 政府信息公开 > 政府信息公开工作年度报告鼎城区古城镇人民政府2022年政府信息公开工作年度报告本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）要求编制。本报告中所列数据的统计期限自2022年1月1日起至2022年12月31日止。如对本报告有疑问，请与鼎城区古城镇人民政府联系。一、总体情况2022年，鼎城区古城镇人民政府坚持公开。",
			Meta{"鼎城区古城镇人民政府", 2022, ""}},
		{"one line: all chrome glued", "无障碍浏览长者专版繁體首页政务公开政府信息公开年报洪泽区人民政府2023年政府信息公开工作年度报告" + body,
			Meta{"洪泽区人民政府", 2023, ""}},
		{"one line: 打印 关闭 glued", "字号大中小打印本页关闭窗口洪泽区民政局2023年政府信息公开工作年度报告" + body,
			Meta{"洪泽区民政局", 2023, ""}},
		{"one line: spaced font sizes", "字号：大 中 小洪泽区民政局2023年政府信息公开工作年度报告" + body,
			Meta{"洪泽区民政局", 2023, ""}},
		{"one line: 信息来源 glued", "信息来源曲靖市麒麟区珠街街道2020年政府信息公开工作年度报告" + body,
			Meta{"曲靖市麒麟区珠街街道", 2020, ""}},
		{"one line: site name glued", "沭阳县人民政府沭阳县发展和改革局2023年政府信息公开年度报告" + body,
			Meta{"沭阳县发展和改革局", 2023, ""}},
		{"site name on the title's line", "沭阳县人民政府 沭阳县发展和改革局2023年政府信息公开年度报告" + body,
			Meta{"沭阳县发展和改革局", 2023, ""}},
		{"one line: site portal glued", "首页政务公开年度报告沭阳县人民政府门户网站沭阳县民政局2023年政府信息公开年度报告" + body,
			Meta{"沭阳县民政局", 2023, ""}},
		{"one line: column word inside the name", "打印本页曲靖市政务公开办公室2023年政府信息公开工作年度报告" + body,
			Meta{"曲靖市政务公开办公室", 2023, ""}},
		{"column word inside the name", "国务院办公厅政府信息与政务公开办公室2023年政府信息公开工作年度报告" + body,
			Meta{"国务院办公厅政府信息与政务公开办公室", 2023, ""}},
		{"人民政府 inside the name", "淮安市人民政府国有资产监督管理委员会2023年政府信息公开工作年度报告" + body,
			Meta{"淮安市人民政府国有资产监督管理委员会", 2023, ""}},
		{"one line: name without an administrative suffix", "打印本页中国人民银行淮安市中心支行2023年政府信息公开工作年度报告" + body,
			Meta{"中国人民银行淮安市中心支行", 2023, ""}},
		{"one line: column glued to a bank", "政府信息公开年报中国人民银行淮安市中心支行2023年政府信息公开工作年度报告" + body,
			Meta{"中国人民银行淮安市中心支行", 2023, ""}},
		{"one line: signature glued to chrome", "一、总体情况2023年，我局坚持公开。六、其他需要报告的事项无。洪泽区人民政府办公室2024年1月20日【打印本页】【关闭窗口】",
			Meta{"洪泽区人民政府办公室", 2023, "2024-01-20"}},

		// The body when there is no title.
		{"prose after year", "2024年,路北街道切实根据《条例》要求。\n一、总体情况\n", Meta{"路北街道", 0, ""}},
		{"prose 以来", "一、总体情况\n2024 年以来，王城路街道办事处认真贯彻《条例》。", Meta{"王城路街道办事处", 2024, ""}},
		{"prose chain", "一、总体情况\n2023年度，东山区市场监督管理局深入贯彻《条例》。", Meta{"东山区市场监督管理局", 2023, ""}},
		{"prose 人民政府办公室", "一、总体情况\n2023年，平武县人民政府办公室在县委、县政府的领导下。", Meta{"平武县人民政府办公室", 2023, ""}},
		{"prose skips prepositions", "一、总体情况\n2023年，在区委区政府的领导下，东山区推进公开。2023年，东山区推进公开。", Meta{"东山区", 2023, ""}},
		{"space between bodies", "国家税务总局 沭阳县税务局 2023年政府信息公开工作年度报告" + body,
			Meta{"国家税务总局沭阳县税务局", 2023, ""}},
		{"site name above the title", "沭阳县人民政府\n沭阳县发展和改革局2023年政府信息公开年度报告" + body,
			Meta{"沭阳县发展和改革局", 2023, ""}},
		{"prose stops at the verb", "一、总体情况\n2023年，东山区坚持以人民为中心，推进公开。", Meta{"东山区", 2023, ""}},
		{"prose skips pronouns", "一、总体情况\n2023年，我局坚持公开。2023年，区政府办公室推进公开。\n2023年，东山区人民政府推进公开。", Meta{"东山区人民政府", 2023, ""}},
		{"prose never gives a bare 政府", "一、总体情况\n2024年政府信息公开工作稳步推进。", Meta{"", 2024, ""}},
		{"prose never gives a bare 街道办事处", "一、总体情况\n2024年，街道办事处推进公开。", Meta{"", 2024, ""}},
		{"signature names the body", "一、总体情况\n2023年，我局坚持公开。\n六、其他需要报告的事项\n无。\n沭阳县发展和改革局\n2024年1月17日\n",
			Meta{"沭阳县发展和改革局", 2023, "2024-01-17"}},

		// The year.
		{"statistics period", "本报告统计日期自2022年1月1日起至2022年12月31日止。\n一、总体情况\n2023年起，我局将继续推进。", Meta{"", 2022, ""}},
		{"截至", "本报告中所列数据统计期限截至2023年12月31日。\n一、总体情况\n", Meta{"", 2023, ""}},
		{"publication year skipped", "发布日期：2024年1月20日\n本机关认真落实《条例》，2023年，我局推进公开。", Meta{"", 2023, "2024-01-20"}},
		{"section 一 after the publication date", "发布日期：2024-01-20\n一、总体情况\n2023年，我局推进公开。", Meta{"", 2023, "2024-01-20"}},

		// The publication date.
		{"发布时间 with time", "发布时间：2021-02-16 14:57\n", Meta{"", 0, "2021-02-16"}},
		{"发布日期 slashes", "发布日期:2021/2/16\n", Meta{"", 0, "2021-02-16"}},
		{"成文日期 Chinese", "成文日期 2021年2月16日\n", Meta{"", 0, "2021-02-16"}},
		{"公开日期 dots", "公开日期：2021.02.16\n", Meta{"", 0, "2021-02-16"}},
		{"label on its own line", "公开日期\n            2024-01-17\n文号\n", Meta{"", 0, "2024-01-17"}},
		{"letter-spaced label", "发 布 日 期 ： 2021 年 2 月 16 日\n", Meta{"", 0, "2021-02-16"}},
		{"full-width date", "发布时间：２０２１－０２－１６\n", Meta{"", 0, "2021-02-16"}},
		{"no colon, glued", "发布时间2021-02-16 14:57曲靖市", Meta{"", 0, "2021-02-16"}},
		{"label in prose is no label", "规范信息发布时间，及时更新。\n发布时间：2021-03-01\n", Meta{"", 0, "2021-03-01"}},
		{"invalid day", "发布时间：2021-02-30\n", Meta{}},
		{"invalid month", "发布日期：2021年13月1日\n", Meta{}},
		{"label wins over signature", "发布日期：2024-01-18\n六、其他需要报告的事项\n无\n东山区人民政府\n2024年1月17日", Meta{"东山区人民政府", 0, "2024-01-18"}},
		{"signature Chinese numerals", "六、其他需要报告的事项\n无。\n平武县人民政府办公室\n二〇二五年一月二十一日\n", Meta{"平武县人民政府办公室", 0, "2025-01-21"}},
		{"signature 二十 and 三十", "六、其他需要报告的事项\n无。\n二〇二四年十二月三十日\n", Meta{"", 0, "2024-12-30"}},
		{"signature leap day", "六、其他需要报告的事项\n无。\n2024年2月29日\n", Meta{"", 0, "2024-02-29"}},
		{"signature not a leap day", "六、其他需要报告的事项\n无。\n2023年2月29日\n", Meta{}},
		{"signature with page chrome after", "六、其他需要报告的事项\n无。\n平武县人民政府办公室\n2025年1月21日\n图解:\n打印 关闭\n", Meta{"平武县人民政府办公室", 0, "2025-01-21"}},
		{"signature squashed", "六、其他需要报告的事项无。洪泽区人民政府办公室2024年1月20日打印本页", Meta{"洪泽区人民政府办公室", 0, "2024-01-20"}},
		{"signature on the name's line", "六、其他需要报告的事项\n无。\n洪泽区人民政府办公室 2024年1月20日\n", Meta{"洪泽区人民政府办公室", 0, "2024-01-20"}},
		{"date in prose is no signature", "六、其他需要报告的事项\n本办法于\n2024年3月1日起施行。\n根据2024年3月5日的通知，我局调整。\n", Meta{}},

		// Nothing to find.
		{"empty", "", Meta{}},
		{"only chrome", "无障碍浏览 长者专版\n首页 > 政务公开\n", Meta{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Read(tt.text); got != tt.want {
				t.Errorf("Read = %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestCutName(t *testing.T) {
	tests := []struct{ run, want string }{
		{"打印本页路桥区南湖街道办事处", "路桥区南湖街道办事处"},
		{"政府信息公开年报南平市延平区人民政府办公室", "南平市延平区人民政府办公室"},
		{"政府信息公开工作年度报告台州市人民政府办公室", "台州市人民政府办公室"},
		{"无障碍浏览长者专版首页政务公开洪泽区人民政府", "洪泽区人民政府"},
		{"洛阳市人民政府洛阳市教育局", "洛阳市教育局"},
		{"洛阳市人民政府网洛阳市教育局", "洛阳市教育局"},
		// Nothing that can stand alone behind the cut: keep the run.
		{"曲靖市政务公开办公室", "曲靖市政务公开办公室"},
		{"政府信息公开年报政府", "政府信息公开年报政府"},
		{"年报人民政府办公室", "年报人民政府办公室"},
		{"国家税务总局沭阳县税务局", "国家税务总局沭阳县税务局"},
		{"吉林省吉林市人民政府", "吉林省吉林市人民政府"},
		{"淮安市人民政府国有资产监督管理委员会", "淮安市人民政府国有资产监督管理委员会"},
	}
	for _, tt := range tests {
		if got := cutName(tt.run); got != tt.want {
			t.Errorf("cutName(%q) = %q, want %q", tt.run, got, tt.want)
		}
	}
}

func TestIsBare(t *testing.T) {
	for _, s := range []string{"政府", "人民政府", "街道办事处", "人民政府办公室", "县政府", "市局", "政府办", "委员会"} {
		if !isBare(s) {
			t.Errorf("isBare(%q) = false", s)
		}
	}
	for _, s := range []string{"澧县", "洪泽区", "路北街道", "洪泽区人民政府", "东山区民政局", "平武县人民政府办公室"} {
		if isBare(s) {
			t.Errorf("isBare(%q) = true", s)
		}
	}
}

func FuzzRead(f *testing.F) {
	for _, sd := range loadSeeds(f) {
		f.Add(sd.text[:min(len(sd.text), 2000)])
		f.Add(sd.text[max(len(sd.text)-600, 0):])
	}
	f.Add("平 武 县 2024 年 政 府 信 息 公 开 工 作 年 度 报 告（2023年")
	f.Add("发布日期：二〇二五年十二月三十一日 2024年2月29日 （")
	f.Add("2024年，区政府办公室2025年1月21日")
	f.Fuzz(func(t *testing.T, text string) {
		m := Read(text)
		if m.Year != 0 && (m.Year < 2000 || m.Year > 2099) {
			t.Fatalf("year %d", m.Year)
		}
		if m.PublishedOn != "" {
			if _, err := time.Parse(time.DateOnly, m.PublishedOn); err != nil {
				t.Fatalf("published_on %q: %v", m.PublishedOn, err)
			}
		}
		if !utf8.ValidString(m.Agency) || strings.ContainsFunc(m.Agency, unicode.IsSpace) {
			t.Fatalf("agency %q", m.Agency)
		}
	})
}

func BenchmarkRead(b *testing.B) {
	seeds := loadSeeds(b)
	size := 0
	for _, sd := range seeds {
		size += len(sd.text)
	}
	b.SetBytes(int64(size / len(seeds)))
	for i := 0; b.Loop(); i++ {
		Read(seeds[i%len(seeds)].text)
	}
}
