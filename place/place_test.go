package place

import (
	"slices"
	"strings"
	"testing"
)

// TestTable: the embedded table holds every division of the source data,
// each under its parent, with codes that start with the parent's.
func TestTable(t *testing.T) {
	tb := divisions()
	count := map[Level]int{}
	for i := range tb.nodes {
		p := tb.place(int32(i))
		count[p.Level]++
		if got, ok := Lookup(p.Code); !ok || got != p {
			t.Fatalf("Lookup(%s) = %v, %v", p.Code, got, ok)
		}
		par, ok := p.Parent()
		if ok != (p.Level != Province) {
			t.Fatalf("%s %s: parent %v", p.Code, p.Name, ok)
		}
		if ok && (!strings.HasPrefix(p.Code, par.Code) || par.Level >= p.Level) {
			t.Fatalf("%s %s under %s %s", p.Code, p.Name, par.Code, par.Name)
		}
	}
	// The name order is a permutation of the divisions, sorted by name.
	seen := make([]bool, len(tb.nodes))
	for k := range len(tb.order) / 2 {
		i := tb.ordered(k)
		if seen[i] {
			t.Fatalf("division %d twice in the name order", i)
		}
		seen[i] = true
		if k > 0 {
			if prev := tb.ordered(k - 1); tb.nodes[prev].name > tb.nodes[i].name || tb.nodes[prev].name == tb.nodes[i].name && prev > i {
				t.Fatalf("name order: %s before %s", tb.nodes[prev].name, tb.nodes[i].name)
			}
		}
	}
	// 342 prefecture rows less the 9 that group counties; 2,978 counties
	// less the 4 that are their prefecture (东莞市 and the like); 41,352
	// townships less the one that repeats its county (金门县).
	want := map[Level]int{Province: 31, Prefecture: 333, County: 2974, Township: 41351}
	for l, n := range want {
		if count[l] != n {
			t.Errorf("%d %s divisions; want %d", count[l], l.Label(), n)
		}
	}
}

func TestHierarchy(t *testing.T) {
	huaian, _ := Lookup("3208")
	hongze, _ := Lookup("320813")
	if huaian.Name != "淮安市" || hongze.Name != "洪泽区" || hongze.FullName() != "江苏省淮安市洪泽区" {
		t.Fatalf("淮安市 %v, 洪泽区 %v %s", huaian, hongze, hongze.FullName())
	}
	if !slices.Contains(huaian.Children(), hongze) {
		t.Error("洪泽区 is not a child of 淮安市")
	}
	var streets int
	for p := range huaian.Descendants() {
		if !huaian.Contains(p.Code) {
			t.Fatalf("%s %s among 淮安市's descendants but not contained", p.Code, p.Name)
		}
		if strings.HasPrefix(p.Code, "320813") && strings.HasSuffix(p.Name, "街道") {
			streets++
		}
	}
	if streets == 0 {
		t.Error("no 街道 of 洪泽区 among 淮安市's descendants")
	}
	if huaian.Contains("321322") || huaian.Contains("") || hongze.Contains("3208") {
		t.Error("淮安市 contains 沭阳县, or 洪泽区 contains 淮安市")
	}
	// A municipality's districts belong to it; a prefecture without
	// counties has its townships directly, and its county code stands for it.
	beijing, _ := Lookup("11")
	if n := len(beijing.Children()); n != 16 {
		t.Errorf("北京市 has %d children; want its 16 districts", n)
	}
	dongguan, ok := Lookup("441900")
	if !ok || dongguan.Code != "4419" {
		t.Errorf("Lookup(441900) = %v, %v; want 东莞市 4419", dongguan, ok)
	}
	town, _ := Lookup("441900003")
	if par, _ := town.Parent(); par != dongguan {
		t.Errorf("东城街道's parent %v; want 东莞市", par)
	}
	if _, ok := Lookup("1101"); ok {
		t.Error("the grouping row 市辖区 1101 is a place")
	}
	var zero Place
	if _, ok := zero.Parent(); ok || zero.Children() != nil || zero.Contains("32") || zero.FullName() != "" {
		t.Error("the zero Place has relations")
	}
}

// TestKeys: every code survives Key and CodeOf, and its key lies in its
// parent's span and in no sibling's.
func TestKeys(t *testing.T) {
	tb := divisions()
	for i := range tb.nodes {
		p := tb.place(int32(i))
		if got := CodeOf(Key(p.Code)); got != p.Code {
			t.Fatalf("CodeOf(Key(%s)) = %s", p.Code, got)
		}
		if par, ok := p.Parent(); ok {
			lo, hi, _ := Span(par.Code)
			if k := Key(p.Code); k < lo || k > hi {
				t.Fatalf("%s outside the span of %s", p.Code, par.Code)
			}
		}
	}
	lo, hi, ok := Span("3208")
	if !ok || lo != 320800000 || hi != 320899999 {
		t.Errorf("Span(3208) = %d, %d, %v", lo, hi, ok)
	}
	for _, bad := range []string{"", "3", "32a8", "99"} {
		if _, _, ok := Span(bad); ok || (Key(bad) != 0 && bad != "99") {
			t.Errorf("Span(%q) ok or Key %d", bad, Key(bad))
		}
	}
}

func TestSearch(t *testing.T) {
	tests := []struct {
		q     string
		first string   // the first result
		has   []string // among the results
		none  bool
	}{
		{q: "淮安", first: "3208", has: []string{"320803", "320871"}},
		{q: "淮安市", first: "3208"},
		{q: " 淮安 市", first: "3208"},
		{q: "洪泽", first: "320813"},
		{q: "洪泽区", first: "320813"},
		{q: "沭阳", first: "321322"},
		{q: "平潭", first: "350128"},
		{q: "平潭综合实验区", first: "350128"},
		{q: "内蒙古", first: "15"},
		{q: "广西", first: "45"},
		{q: "新疆", first: "65"},
		{q: "延边", first: "2224"},
		{q: "海西", first: "6328"},
		{q: "浦东", first: "310115"},
		{q: "神农架", first: "429021"},
		{q: "瀍河", first: "410304"},
		{q: "石家庄高新区", first: "130171"},
		{q: "渤海新区", first: "130973"},
		{q: "郑州航空港经济综合实验区", first: "410173"},
		{q: "滨海", first: "120116", has: []string{"320922"}},
		{q: "城关镇", first: "120114110"},
		{q: "", none: true},
		{q: "淮", none: true},
		{q: "不存在的地方", none: true},
	}
	for _, tt := range tests {
		got := Search(tt.q)
		if tt.none {
			if len(got) > 0 {
				t.Errorf("Search(%q) = %v; want nothing", tt.q, got)
			}
			continue
		}
		var codes []string
		for _, p := range got {
			codes = append(codes, p.Code)
		}
		if len(codes) == 0 || codes[0] != tt.first {
			t.Errorf("Search(%q) = %v; want %s first", tt.q, codes, tt.first)
		}
		for _, c := range tt.has {
			if !slices.Contains(codes, c) {
				t.Errorf("Search(%q) = %v; want %s among them", tt.q, codes, c)
			}
		}
	}
	if n := len(Search("城关镇")); n != 88 {
		t.Errorf("%d 城关镇; want 88", n)
	}
}

func TestShortName(t *testing.T) {
	for name, want := range map[string]string{
		"淮安市": "淮安", "洪泽区": "洪泽", "江苏省": "江苏", "内蒙古自治区": "内蒙古", "广西壮族自治区": "广西",
		"新疆维吾尔自治区": "新疆", "延边朝鲜族自治州": "延边", "海西蒙古族藏族自治州": "海西", "峨边彝族自治县": "峨边",
		"大兴安岭地区": "大兴安岭", "浦东新区": "浦东", "清新区": "清新", "神农架林区": "神农架", "路北街道": "路北",
		"郊区": "", "城区": "", "磁县": "", "涉县": "",
	} {
		if got := shortName(name); got != want {
			t.Errorf("shortName(%s) = %q; want %q", name, got, want)
		}
	}
}

// BenchmarkLoad: reading the table, as the first Lookup or Locate does,
// and with the short forms, as the first Search does.
func BenchmarkLoad(b *testing.B) {
	for _, short := range []bool{false, true} {
		b.Run(map[bool]string{false: "table", true: "short"}[short], func(b *testing.B) {
			for b.Loop() {
				t, err := parse(divisionsGz, divisionNames)
				if err != nil {
					b.Fatal(err)
				}
				if short {
					t.short()
				}
			}
		})
	}
}

func BenchmarkSearch(b *testing.B) {
	divisions()
	for b.Loop() {
		Search("淮安")
	}
}
