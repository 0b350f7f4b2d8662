package place

import (
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"nianbao"
	"nianbao/internal/gen"
	"nianbao/reader"
)

// placeTests: a body's name, the texts around it, and where it belongs.
// code "" means unplaced: then note must say why, and cands is how many
// candidates it offers.
var placeTests = []struct {
	name    string
	context []string
	code    string
	kind    Kind
	note    string // a part of the note
	cands   int
}{
	// Governments, their 本级 reports and the places that stand for them.
	{name: "淮安市人民政府", code: "3208", kind: KindGovernment},
	{name: "淮安市洪泽区人民政府", code: "320813", kind: KindGovernment},
	{name: "洪泽区人民政府", code: "320813", kind: KindGovernment},
	{name: "东山区", code: "230406", kind: KindGovernment},
	{name: "江苏省人民政府", code: "32", kind: KindGovernment},
	{name: "淮安市本级", code: "3208", kind: KindGovernment},
	{name: "淮 安 市 人民政府", code: "3208", kind: KindGovernment},
	{name: "延边朝鲜族自治州人民政府", code: "2224", kind: KindGovernment},
	{name: "滨海新区人民政府", code: "120116", kind: KindGovernment}, // not the township-level unit of that name in 路桥区
	{name: "浦东新区人民政府", code: "310115", kind: KindGovernment},
	{name: "平潭综合实验区", code: "350128", kind: KindGovernment, note: "平潭县全境"},
	{name: "平潭综合实验区管委会", code: "350128", kind: KindGovernment},
	{name: "东莞市人民政府", code: "4419", kind: KindGovernment},
	{name: "某省政府", kind: KindGovernment, note: "“某省”不在区划表中"},
	{name: "鼓楼区人民政府", kind: KindGovernment, note: "有4处", cands: 4},
	{name: "淮安市新城区人民政府", kind: KindGovernment, note: "江苏省淮安市的下级区划中没有“新城区”", cands: 1},
	// 沐阳县 is an OCR misreading of 沭阳县: never placed on the near name.
	{name: "沐阳县人民政府", kind: KindGovernment, note: "“沐阳县”不在区划表中"},
	{name: "沐阳县发展和改革局", kind: KindDepartment, note: "“沐阳县”不在区划表中"},
	{name: "沐阳县人民政府", context: []string{"沭阳县人民政府2025年政府信息公开工作年度报告.txt"}, kind: KindGovernment,
		note: "报告中提到的江苏省宿迁市沭阳县与它只差一字"},
	{name: "市本级", kind: KindGovernment, note: "未写地名"},

	// Departments.
	{name: "沭阳县发展和改革局", code: "321322", kind: KindDepartment},
	{name: "淮安市洪泽区交通运输局", code: "320813", kind: KindDepartment},
	{name: "淮安市水务局", code: "3208", kind: KindDepartment},
	{name: "淮安市卫生健康委员会", code: "3208", kind: KindDepartment},
	{name: "平武县人民政府办公室", code: "510727", kind: KindDepartment},
	{name: "国家税务总局沭阳县税务局", code: "321322", kind: KindDepartment},
	{name: "中国人民银行淮安市中心支行", code: "3208", kind: KindDepartment},
	{name: "淮安市公安局洪泽分局", code: "3208", kind: KindDepartment},
	{name: "涉县自然资源局", code: "130426", kind: KindDepartment},
	{name: "沭阳县发展和改革局（县粮食和物资储备局）", code: "321322", kind: KindDepartment},
	{name: "淮安经济技术开发区管理委员会", code: "320871", kind: KindDepartment, note: "派出机构"},
	{name: "淮安经济技术开发区", code: "320871", kind: KindDepartment, note: "派出机构"},
	{name: "重庆市两江新区管委会", code: "50", kind: KindDepartment, note: "重庆市的下级区划中没有“两江新区”"},
	{name: "两江新区管委会", kind: KindDepartment, note: "新区、开发区多不是行政区划"},
	{name: "市场监督管理局", kind: KindDepartment, note: "没有地名"},
	{name: "住房和城乡建设局", kind: KindDepartment, note: "没有地名"},
	{name: "乡村振兴局", kind: KindDepartment, note: "没有地名"},
	{name: "县政府办公室", kind: KindDepartment, note: "未写地名"},
	{name: "县政府办公室", context: []string{"本年报在平武县人民政府网站（http://www.pingwu.gov.cn）公开发布。"},
		code: "510727", kind: KindDepartment, note: "门户网站"},
	{name: "县政府办公室", context: []string{"全年，平武县共主动公开信息。"}, code: "510727", kind: KindDepartment, note: "正文"},
	{name: "县政府办公室", context: []string{"平武县与三台县联合开展培训。"}, kind: KindDepartment, note: "有2个", cands: 2},
	{name: "教育局", context: []string{"主办单位：邯郸市涉县人民政府办公室"}, code: "130426", kind: KindDepartment},
	{name: "教育局", context: []string{"平武县教育工作"}, kind: KindDepartment, note: "没有地名"}, // prose does not place a name without level or place

	// Townships and 街道.
	{name: "西工区王城路街道办事处", code: "410303001", kind: KindTownship},
	{name: "曲靖市麒麟区珠街街道", code: "530302013", kind: KindTownship},
	{name: "西工区珠街街道办事处", code: "410303", kind: KindTownship, note: "西工区的下级区划中没有“珠街街道”"},
	{name: "宜阳县城关镇人民政府", code: "410327", kind: KindTownship, note: "宜阳县的下级区划中没有“城关镇”"},
	{name: "平武县古城镇人民政府", code: "510727101", kind: KindTownship},
	{name: "城关镇人民政府", kind: KindTownship, note: "有88处", cands: 88},
	{name: "青山乡", kind: KindTownship, note: "有8处", cands: 8},
	{name: "路北街道", kind: KindTownship, note: "有2处", cands: 2},
	{name: "路北街道", context: []string{"将在路桥区人民政府门户网站-路北街道上向社会公开本篇年度报告"}, code: "331004003", kind: KindTownship, note: "门户网站"},
	{name: "路北街道", context: []string{"地址：台州市路桥区路北街道腾达路1999号"}, code: "331004003", kind: KindTownship, note: "正文"},
	{name: "珠街街道", code: "530302013", kind: KindTownship},
	// A portal of another region: the name may be misread or the file misfiled.
	{name: "东山区人民政府", context: []string{"主办单位：广州市人民政府办公室"}, kind: KindGovernment, note: "门户网站属于广东省广州市", cands: 2},
	{name: "东山区人民政府", context: []string{"主办单位：鹤岗市人民政府办公室"}, code: "230406", kind: KindGovernment},

	// Others.
	{name: "淮安市第一人民医院", code: "3208", kind: KindOther, note: "不适用"},
	{name: "南京大学", kind: KindOther, note: "不适用"},
	{name: "国网淮安供电公司", kind: KindOther},
	{name: "淮安市淮阴中学", code: "3208", kind: KindOther},
	{name: "洪泽区高良涧街道东风社区居民委员会", code: "320813001", kind: KindOther},
	{name: "", note: "没有写明机关名称"},
}

func TestLocateName(t *testing.T) {
	for _, tt := range placeTests {
		got := LocateName(tt.name, tt.context...)
		if got.Code != tt.code || got.Kind != tt.kind || !strings.Contains(got.Note, tt.note) || len(got.Candidates) != tt.cands {
			t.Errorf("LocateName(%q, %q) = %s %s %d candidates %q; want %s %s %d candidates, note with %q",
				tt.name, tt.context, got.Code, got.Kind, len(got.Candidates), got.Note, tt.code, tt.kind, tt.cands, tt.note)
		}
		if got.Note == "" {
			t.Errorf("LocateName(%q): no note", tt.name)
		}
		for _, c := range got.Candidates {
			if _, ok := Lookup(c); !ok {
				t.Errorf("LocateName(%q): candidate %s is no division", tt.name, c)
			}
		}
	}
}

// TestDepartmentWords: the names of departments hold no division's name
// that could be taken for a place.
func TestDepartmentWords(t *testing.T) {
	for _, d := range []string{"自然资源局", "生态环境局", "市场监督管理局", "人力资源和社会保障局", "教育局", "卫生健康委员会",
		"住房和城乡建设局", "交通运输局", "农业农村局", "财政局", "司法局", "民政局", "统计局", "应急管理局", "医疗保障局",
		"退役军人事务局", "发展和改革局", "城市管理局", "乡村振兴局", "人民政府办公室", "政务服务管理办公室", "水利局",
		"文化广电和旅游局", "商务局", "审计局", "林业局", "粮食和物资储备局", "数据局", "信访局", "政府研究室"} {
		got := LocateName(d)
		if got.Placed() || len(got.Candidates) > 0 || got.Kind != KindDepartment {
			t.Errorf("LocateName(%s) = %+v; want an unplaced department", d, got)
		}
	}
}

func TestManual(t *testing.T) {
	auto := LocateName("路北街道")
	m, err := Manual("331004003", "", "")
	if err != nil {
		t.Fatal(err)
	}
	got := Effective(auto, m)
	if got.Code != "331004003" || got.Kind != KindTownship || !got.Manual || got.Candidates != nil || !strings.Contains(got.Note, "人工定位") {
		t.Errorf("Effective = %+v", got)
	}
	if Effective(auto, Placement{}).Code != "" {
		t.Error("an empty manual placement overrides")
	}
	m, _ = Manual("3208", KindOther, "市属国有企业")
	if got := Effective(LocateName("淮安市交通控股集团"), m); got.Kind != KindOther || got.Note != "市属国有企业" {
		t.Errorf("Effective = %+v", got)
	}
	for _, bad := range []struct {
		code string
		kind Kind
	}{{"9999", ""}, {"", KindGovernment}, {"3208", "city"}} {
		if _, err := Manual(bad.code, bad.kind, ""); nianbao.ErrorCode(err) != nianbao.EINVALID {
			t.Errorf("Manual(%q, %q): %v", bad.code, bad.kind, err)
		}
	}
}

// corpusPlaces: where every report of ../shared/corpus belongs, from its
// truth and notes and what its text establishes.
var corpusPlaces = map[string]struct {
	code string
	kind Kind
}{
	// 路北街道: 2 in the table; the preface names 路桥区 and its portal.
	"000_e75d9df8b36af8be.txt": {"331004003", KindTownship},
	"001_c025cc2a86179cc0.txt": {"230406", KindGovernment}, // the only 东山区
	"002_7700c2ba590e2380.txt": {"410303001", KindTownship},
	"003_4a4f3564ba85f8ba.txt": {"530302013", KindTownship},
	"004_d5e9c381233c1b80.txt": {"510727", KindDepartment},
	"hongze-2023.pdf":          {"320813", KindGovernment},
	"hongze-2024.pdf":          {"320813", KindGovernment},
	"huaian-2024.pdf":          {"3208", KindGovernment},
	"pingtan-2019.txt":         {"350128", KindGovernment},
	"pingtan-2020.txt":         {"350128", KindGovernment},
	"pingtan-2021.txt":         {"350128", KindGovernment},
	"pingtan-2022.txt":         {"350128", KindGovernment},
	"pingtan-2023.txt":         {"350128", KindGovernment},
	"pingtan-2024.txt":         {"350128", KindGovernment},
	"pingtan-2025.txt":         {"350128", KindGovernment},
	"shuyang-fgj-2023.html":    {"321322", KindDepartment},
	"shuyang-gov-2025.txt":     {"", KindGovernment}, // 沐阳县, the OCR misreading
	"template-2021-blank.docx": {"", KindUnknown},
}

// corpusDirs are the corpus folders to read: the repository's, and the
// full corpus when NIANBAO_CORPUS names it (../shared/corpus).
func corpusDirs() []string {
	dirs := []string{"../testdata/seeds", "../testdata/real"}
	if c := os.Getenv("NIANBAO_CORPUS"); c != "" {
		dirs = append(dirs, filepath.Join(c, "seeds"), filepath.Join(c, "real"))
	}
	return dirs
}

func TestCorpus(t *testing.T) {
	seen := map[string]bool{}
	placed := 0
	for _, dir := range corpusDirs() {
		files, _ := filepath.Glob(filepath.Join(dir, "*"))
		for _, f := range files {
			base := filepath.Base(f)
			if strings.HasSuffix(base, ".json") || strings.HasSuffix(base, ".md") || seen[base] {
				continue
			}
			seen[base] = true
			want, ok := corpusPlaces[base]
			if !ok {
				t.Errorf("%s: no expected place", f)
				continue
			}
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			rep, err := reader.Read(base, data)
			if err != nil {
				t.Fatalf("%s: %v", f, err)
			}
			got := Locate(rep)
			if got.Code != want.code || got.Kind != want.kind || got.Note == "" {
				t.Errorf("%s (%s): %s %s %q; want %s %s", base, rep.Agency, got.Code, got.Kind, got.Note, want.code, want.kind)
			}
			if got.Placed() {
				placed++
			}
		}
	}
	t.Logf("%d reports, %d placed", len(seen), placed)
	for name := range corpusPlaces {
		if !seen[name] {
			t.Logf("%s not found (set NIANBAO_CORPUS to the full corpus)", name)
		}
	}
}

// genPlaces are the places internal/gen names bodies after, with their
// codes: the truth its names are checked against.
var genPlaces = map[string]struct {
	code      string
	districts map[string]string
}{
	"洛阳市": {"4103", map[string]string{"西工区": "410303", "老城区": "410302", "涧西区": "410305", "栾川县": "410324", "宜阳县": "410327"}},
	"曲靖市": {"5303", map[string]string{"麒麟区": "530302", "沾益区": "530303", "陆良县": "530322", "师宗县": "530323"}},
	"台州市": {"3310", map[string]string{"路桥区": "331004", "椒江区": "331002", "黄岩区": "331003", "天台县": "331023"}},
	"绵阳市": {"5107", map[string]string{"涪城区": "510703", "游仙区": "510704", "平武县": "510727", "三台县": "510722"}},
	"赣州市": {"3607", map[string]string{"章贡区": "360702", "南康区": "360703", "宁都县": "360730", "兴国县": "360732"}},
	"南平市": {"3507", map[string]string{"建阳区": "350703", "延平区": "350702", "武夷山市": "350782", "浦城县": "350722"}},
	"邯郸市": {"1304", map[string]string{"丛台区": "130403", "复兴区": "130404", "磁县": "130427", "涉县": "130426"}},
	"宜宾市": {"5115", map[string]string{"翠屏区": "511502", "南溪区": "511503", "江安县": "511523", "长宁县": "511524"}},
	"常德市": {"4307", map[string]string{"武陵区": "430702", "鼎城区": "430703", "桃源县": "430725", "澧县": "430723"}},
	"九江市": {"3604", map[string]string{"濂溪区": "360402", "浔阳区": "360403", "永修县": "360425", "都昌县": "360428"}},
}

// genTruth works out from the truth table where a generated name belongs:
// the district or city it starts with, and for a 街道 or 镇 the township
// of its name under that district when there is one.
func genTruth(t *testing.T, name string) (code string, kind Kind) {
	rest := name
	for city, c := range genPlaces {
		if r, ok := strings.CutPrefix(name, city); ok {
			code, rest = c.code, r
		}
		for d, dc := range c.districts {
			if r, ok := strings.CutPrefix(rest, d); ok && (code == "" || code == c.code) {
				code, rest = dc, r
			}
		}
	}
	if code == "" {
		t.Fatalf("generated name %s starts with no place of genPlaces", name)
	}
	switch {
	case strings.HasSuffix(name, "街道办事处") || strings.HasSuffix(rest, "镇人民政府") || strings.HasSuffix(rest, "乡人民政府"):
		town := strings.TrimSuffix(strings.TrimSuffix(rest, "办事处"), "人民政府")
		p, _ := Lookup(code)
		for q := range p.Descendants() {
			if q.Name == town {
				code = q.Code
			}
		}
		return code, KindTownship
	case rest == "人民政府":
		return code, KindGovernment
	}
	return code, KindDepartment
}

// TestGenerated: the names internal/gen makes are placed where its tables
// put them, whether the name starts with the city, the district or both;
// without the district in front, a 街道 or 镇 is placed only when the table
// has one of its name.
func TestGenerated(t *testing.T) {
	rng := rand.New(rand.NewPCG(10, 10))
	var n, bare, barePlaced int
	seen := map[string]bool{}
	for range 3000 {
		s := gen.New(rng, gen.Options{})
		name := s.Report.Agency
		if seen[name] {
			continue
		}
		seen[name] = true
		n++
		code, kind := genTruth(t, name)
		got := LocateName(name)
		if got.Code != code || got.Kind != kind {
			t.Errorf("LocateName(%s) = %s %s %q; want %s %s", name, got.Code, got.Kind, got.Note, code, kind)
		}
		// The same body named without its district.
		if kind != KindTownship {
			continue
		}
		town, _ := strings.CutSuffix(strings.TrimSuffix(name, "人民政府"), "办事处")
		for _, c := range genPlaces {
			for d := range c.districts {
				town = strings.TrimPrefix(town, d)
			}
		}
		var same []string
		for _, p := range Search(town) {
			if p.Name == town && p.Level == Township {
				same = append(same, p.Code)
			}
		}
		bare++
		alone := name[strings.Index(name, town):] // 城关镇人民政府, 路北街道办事处
		got = LocateName(alone)
		switch {
		case len(same) == 1 && got.Code != same[0],
			len(same) > 1 && (got.Placed() || len(got.Candidates) != len(same)),
			len(same) == 0 && got.Placed():
			t.Errorf("LocateName(%s) = %+v; the table has %v", alone, got, same)
		}
		if got.Placed() {
			barePlaced++
		}
	}
	t.Logf("%d generated names placed; %d townships named without their district, %d of them placed", n, bare, barePlaced)
}

// TestGeneratedReports: generated reports read back and placed from the
// report, with the chrome of their portal around them.
func TestGeneratedReports(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 11))
	checked := 0
	for i := range 60 {
		s := gen.New(rng, gen.Options{})
		layout := gen.Layouts[i%len(gen.Layouts)]
		rep, err := reader.Read("gen.txt", gen.Render(s, layout))
		if err != nil {
			t.Fatalf("%s: %v", layout, err)
		}
		if rep.Agency != s.Report.Agency {
			continue // the reader's business, tested there
		}
		code, kind := genTruth(t, rep.Agency)
		if got := Locate(rep); got.Code != code || got.Kind != kind {
			t.Errorf("%s, %s: %s %s %q; want %s %s", rep.Agency, layout, got.Code, got.Kind, got.Note, code, kind)
		}
		checked++
	}
	if checked < 40 {
		t.Errorf("only %d of 60 generated reports read back with their body's name", checked)
	}
	t.Logf("%d generated reports placed from their text", checked)
}

func BenchmarkLocate(b *testing.B) {
	data, err := os.ReadFile("../testdata/seeds/000_e75d9df8b36af8be.txt")
	if err != nil {
		b.Fatal(err)
	}
	rep, err := reader.Read("000.txt", data)
	if err != nil {
		b.Fatal(err)
	}
	divisions()
	for _, name := range []string{"淮安市洪泽区交通运输局", rep.Agency} {
		b.Run(name, func(b *testing.B) {
			r := *rep
			r.Agency = name
			for b.Loop() {
				Locate(&r)
			}
		})
	}
}

// TestBodyYear: 洪泽区's reports of 2023 and 2024 name the body with and
// without its city, and are one body's run; the city's own government
// and another 鼓楼区 are not in it.
func TestBodyYear(t *testing.T) {
	by := func(agency string, year int, code string) nianbao.BodyYear {
		return BodyYear(&nianbao.Report{Agency: agency, Year: year}, Key(code))
	}
	y2023 := by("洪泽区人民政府", 2023, "320813")
	if prev, _, _ := by("淮安市洪泽区人民政府", 2024, "320813").Neighbours(); !prev.SameBody(y2023) || prev.Year != 2023 {
		t.Errorf("2024's year before %+v is not 2023's %+v", prev, y2023)
	}
	if y2023.Unit != "人民政府" {
		t.Errorf("unit %q", y2023.Unit)
	}
	for _, other := range []nianbao.BodyYear{by("淮安市人民政府", 2023, "3208"), by("洪泽区财政局", 2023, "320813"),
		by("洪泽区人民政府", 2023, ""), by("鼓楼区人民政府", 2023, "320106")} {
		if other.SameBody(by("淮安市洪泽区人民政府", 2024, "320813")) {
			t.Errorf("%+v is taken for 淮安市洪泽区人民政府", other)
		}
	}
	if by("鼓楼区人民政府", 2023, "320106").SameBody(by("鼓楼区人民政府", 2024, "350102")) {
		t.Error("鼓楼区 of 南京市 and of 福州市 are one body")
	}
}
