package place

import (
	"slices"
	"strings"
	"unicode/utf8"
)

// alias is a name in use for a place that the table calls otherwise.
type alias struct {
	name, code string
	note       string // why the name stands for the code, for placement notes
	governs    bool   // its 管理委员会 is the place's government
}

// aliases are the names the table lacks that bodies report under. Only
// names that stand for exactly one division belong here: a 新区 spread
// over several counties (雄安新区) is no division and stays unplaced.
var aliases = []alias{
	{name: "平潭综合实验区", code: "350128", governs: true,
		note: "平潭综合实验区管辖平潭县全境，区划表中为福建省福州市平潭县"},
}

// aliasOf returns the alias named name.
func aliasOf(name string) (alias, bool) {
	for _, a := range aliases {
		if a.name == name {
			return a, true
		}
	}
	return alias{}, false
}

// levelWords end the names of divisions, longest first so that 自治县 is
// taken before 县. A short form drops one of them.
var levelWords = []string{
	"特别行政区", "自治区", "自治州", "自治县", "自治旗", "新区", "林区", "特区", "地区", "矿区",
	"街道", "苏木", "省", "市", "区", "县", "旗", "盟", "州", "镇", "乡",
}

// peoples are the names of ethnic groups in the names of autonomous
// divisions (延边朝鲜族自治州, 峨边彝族自治县, 新疆维吾尔自治区), which
// the short form drops too.
var peoples = []string{
	"蒙古族", "回族", "藏族", "维吾尔族", "维吾尔", "苗族", "彝族", "壮族", "布依族", "朝鲜族", "满族", "侗族", "瑶族",
	"白族", "土家族", "哈尼族", "哈萨克族", "哈萨克", "傣族", "黎族", "傈僳族", "佤族", "畲族", "拉祜族", "水族",
	"东乡族", "纳西族", "景颇族", "柯尔克孜族", "柯尔克孜", "土族", "达斡尔族", "仫佬族", "羌族", "布朗族",
	"撒拉族", "毛南族", "仡佬族", "锡伯族", "阿昌族", "普米族", "塔吉克族", "塔吉克", "怒族", "乌孜别克族",
	"俄罗斯族", "鄂温克族", "德昂族", "保安族", "裕固族", "京族", "塔塔尔族", "独龙族", "鄂伦春族", "赫哲族",
	"门巴族", "珞巴族", "基诺族", "各族",
}

// zoneWords are the long words of the names of 开发区 and their usual
// short forms: 石家庄高新技术产业开发区 is called 石家庄高新区.
var zoneWords = []struct{ long, short string }{
	{"高新技术产业开发区", "高新区"},
	{"高新技术产业园区", "高新区"},
	{"高新技术开发区", "高新区"},
	{"经济技术开发区", "经开区"},
	{"经济开发区", "经开区"},
}

// runes counts the characters of s.
func runes(s string) int { return utf8.RuneCountInString(s) }

// shortName returns the usual short form of a division's name: the name
// without the word for its level and the peoples of an autonomous
// division, when at least two characters are left (淮安市 → 淮安, 洪泽区
// → 洪泽, 延边朝鲜族自治州 → 延边, 内蒙古自治区 → 内蒙古; 郊区 and 磁县
// have none).
func shortName(name string) string {
	for _, w := range levelWords {
		stem, ok := strings.CutSuffix(name, w)
		if !ok || runes(stem) < 2 {
			continue
		}
		// Only autonomous divisions and a few districts (瀍河回族区) name
		// peoples; the check keeps reading the table fast.
		for again := strings.Contains(name, "族") || strings.Contains(name, "自治"); again; {
			again = false
			for _, p := range peoples {
				if s, ok := strings.CutSuffix(stem, p); ok && runes(s) >= 2 {
					stem, again = s, true
				}
			}
		}
		return stem
	}
	return ""
}

// isZone reports whether code is one of the statistical units the table
// gives 开发区, 新区 and the like at county level (codes xxxx71–xxxx79),
// which are no governments.
func isZone(code string) bool {
	return len(code) == 6 && code[4] == '7'
}

// zoneForms returns the names a 开发区 goes by: the name without the
// province and prefecture in front when a distinctive name is left
// (沧州渤海新区 → 渤海新区), and the usual abbreviations of both
// (石家庄高新技术产业开发区 → 石家庄高新区, 高新区).
func zoneForms(t *table, i int32) []string {
	name := t.nodes[i].name
	bare := name
	for _, a := range []int32{t.nodes[t.nodes[i].parent].parent, t.nodes[i].parent} {
		if a < 0 {
			continue
		}
		for _, n := range []string{t.nodes[a].name, shortName(t.nodes[a].name)} {
			if s, ok := strings.CutPrefix(bare, n); ok && n != "" && runes(s) >= 3 {
				bare = s
				break
			}
		}
	}
	var forms []string
	for _, n := range []string{name, bare} {
		if n != name {
			forms = append(forms, n)
		}
		for _, z := range zoneWords {
			if s, ok := strings.CutSuffix(n, z.long); ok {
				forms = append(forms, s+z.short)
				break
			}
		}
	}
	return forms
}

// shortForms indexes the short forms of every division's name.
func shortForms(t *table) map[string][]int32 {
	short := make(map[string][]int32, len(t.nodes))
	add := func(form string, i int32) {
		if form != "" && form != t.nodes[i].name && !slices.Contains(short[form], i) {
			short[form] = append(short[form], i)
		}
	}
	for i := range t.nodes {
		i := int32(i)
		if isZone(t.nodes[i].code) {
			for _, f := range zoneForms(t, i) {
				add(f, i)
			}
			continue
		}
		add(shortName(t.nodes[i].name), i)
	}
	for _, a := range aliases {
		i, _ := t.index(a.code)
		add(shortName(a.name), i)
	}
	return short
}

// normalize removes the white space in a name as people type or OCR
// leaves it ("淮安 市", full-width spaces).
func normalize(s string) string {
	if !strings.ContainsFunc(s, isSpace) {
		return s
	}
	return strings.Join(strings.FieldsFunc(s, isSpace), "")
}

func isSpace(r rune) bool {
	return r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == '\u3000' || r == '\u00a0'
}

// Search returns the divisions a name means: its full name (淮安市), an
// alias (平潭综合实验区), a short form (淮安, 洪泽, 内蒙古, 延边, 浦东,
// 石家庄高新区), and divisions down to county level whose names start
// with it (淮安 → 淮安经济技术开发区). Several divisions share names and
// short forms (淮安 is 淮安市 and its 淮安区; there are 88 城关镇): all
// are returned, higher levels first, then in code order. Searching a place
// includes everything under it: see Place.Contains and Span.
func Search(q string) []Place {
	q = normalize(q)
	if q == "" {
		return nil
	}
	t := divisions()
	var found []int32
	found = append(found, t.named(q)...)
	found = append(found, t.short()[q]...)
	if runes(q) >= 2 {
		lo, hi := t.narrow(0, len(t.order)/2, q)
		for k := lo; k < hi; k++ {
			if i := t.ordered(k); len(t.nodes[i].code) <= 6 {
				found = append(found, i)
			}
		}
	}
	slices.SortFunc(found, func(a, b int32) int {
		if la, lb := len(t.nodes[a].code), len(t.nodes[b].code); la != lb {
			return la - lb
		}
		return int(a - b)
	})
	found = slices.Compact(found)
	out := make([]Place, len(found))
	for k, i := range found {
		out[k] = t.place(i)
	}
	return out
}
