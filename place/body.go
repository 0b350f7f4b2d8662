package place

import (
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"nianbao"
)

// Kind is what a reporting body is, which decides its deadline
// (template.md, "Law and calendar").
type Kind string

// The kinds of reporting body.
const (
	KindUnknown    Kind = ""
	KindGovernment Kind = "government" // 县级以上人民政府: its report is the 本级 aggregated report, due 3月31日
	KindDepartment Kind = "department" // 政府部门 and other 行政机关 (政府办公室, 垂直管理部门, 开发区管委会), due 1月31日
	KindTownship   Kind = "township"   // 乡镇人民政府、街道办事处, reporting to the county office, due 1月31日
	KindOther      Kind = "other"      // schools, hospitals, 公共企事业单位: the 条例's deadlines do not bind them
)

// Kinds lists the kinds a body can be placed as, in the order to offer them.
var Kinds = []Kind{KindGovernment, KindDepartment, KindTownship, KindOther}

// Label names the kind in Chinese.
func (k Kind) Label() string {
	switch k {
	case KindGovernment:
		return "本级人民政府"
	case KindDepartment:
		return "政府部门"
	case KindTownship:
		return "乡镇、街道"
	case KindOther:
		return "其他单位"
	}
	return "类别不明"
}

// Placement is where a reporting body stands: the division it belongs to
// and its kind. A department belongs to the division of its government
// (沭阳县发展和改革局 → 沭阳县), a 街道 to its own division when the table
// has it, else to its county's.
//
// For the store and the web (the seam to integrate):
//
//   - columns: place_key BIGINT (Key(Code), 0 when unplaced; indexed),
//     place_kind TEXT (Kind), place_note TEXT (Note), place_manual BOOLEAN
//     (Manual). Code is CodeOf(place_key); Candidates need not be stored,
//     Locate gives them again.
//   - "everything under place P" is place_key BETWEEN lo AND hi with lo,
//     hi from Span(P): codes are hierarchical, and the integer range needs
//     no collation (a text prefix would on PostgreSQL).
//   - a manual placement is kept per body (the agency key the store
//     already groups years by), so that it holds for every year's report
//     and survives re-reading; Effective(Locate(rep), manual) is what to
//     store and what audit.Options.Place takes.
type Placement struct {
	Code       string   `json:"code,omitempty"` // the division, "" when unplaced
	Kind       Kind     `json:"kind,omitempty"`
	Note       string   `json:"note,omitempty"`       // why this place and kind, or why none, in Chinese
	Manual     bool     `json:"manual,omitempty"`     // set by an office; overrides what Locate decides
	Candidates []string `json:"candidates,omitempty"` // the divisions an unplaced body may belong to
}

// IsZero reports whether p is no placement at all, not even an unplaced
// one (which always has a note).
func (p Placement) IsZero() bool {
	return p.Code == "" && p.Kind == KindUnknown && p.Note == "" && !p.Manual && p.Candidates == nil
}

// Placed reports whether the body has a division.
func (p Placement) Placed() bool { return p.Code != "" }

// Place returns the body's division.
func (p Placement) Place() (Place, bool) { return Lookup(p.Code) }

// Manual returns the placement an office makes by hand: code must be a
// division's, kind one of Kinds or KindUnknown to keep the kind Locate
// gives.
func Manual(code string, kind Kind, note string) (Placement, error) {
	p, ok := Lookup(code)
	if !ok {
		return Placement{}, nianbao.Errorf(nianbao.EINVALID, "区划代码“%s”不在区划表中", code)
	}
	if kind != KindUnknown && !slices.Contains(Kinds, kind) {
		return Placement{}, nianbao.Errorf(nianbao.EINVALID, "机关类别“%s”无效", kind)
	}
	if note == "" {
		note = "人工定位：" + p.FullName()
	}
	return Placement{Code: p.Code, Kind: kind, Note: note, Manual: true}, nil
}

// Effective returns the placement that counts: manual when an office made
// one (its kind left empty keeps auto's), else auto.
func Effective(auto, manual Placement) Placement {
	if !manual.Manual {
		return auto
	}
	if manual.Kind == KindUnknown {
		manual.Kind = auto.Kind
	}
	manual.Candidates = nil
	return manual
}

// Locate places the body of a report from its name, read together with
// the report's own text: the portal it says it is published on, the
// division names in its prose, its file's name. It never guesses: a name
// the table lacks (沐阳县, an OCR misreading of 沭阳县), or one that several
// divisions share (路北街道, 城关镇) with nothing in the text to tell them
// apart, leaves the body unplaced, with a note naming the candidates.
func Locate(rep *nianbao.Report) Placement {
	texts := make([]string, 0, 2+2*len(rep.Sections))
	texts = append(texts, rep.Source.Name, rep.Preface)
	for _, s := range rep.Sections {
		texts = append(texts, s.Title, s.Text)
	}
	return LocateName(rep.Agency, texts...)
}

// LocateName places a body from its name and the texts around it (title,
// preface, sections, file name), as Locate does for a report.
func LocateName(agency string, context ...string) Placement {
	t := divisions()
	name := bodyName(agency)
	if name == "" {
		return Placement{Note: "报告没有写明机关名称，无法定位"}
	}
	b := t.parseName(name)
	kind, kindNote := classify(t, name, b)
	l := locator{t: t, name: name, b: b, kind: kind, context: context}
	pl := l.locate()
	pl.Kind = kind
	pl.Note = joinNotes(pl.Note, kindNote)
	return pl
}

// bodyName is the name as it decides the place and kind: without white
// space or a closing parenthesis ("沭阳县发展和改革局（县粮食和物资储备局）").
func bodyName(s string) string {
	s = normalize(s)
	for _, p := range [][2]string{{"（", "）"}, {"(", ")"}} {
		if strings.HasSuffix(s, p[1]) {
			if i := strings.LastIndex(s, p[0]); i > 0 {
				s = s[:i]
			}
		}
	}
	return s
}

// parsed is what a body's name says of its place.
type parsed struct {
	chain chain  // the division names the name starts with; cands nil when none
	rest  string // the name after them: 交通运输局, 人民政府
	// stray is a name after the chain of a division elsewhere (珠街街道 is
	// in 麒麟区, not 西工区), or a word that reads as a division's name but
	// is not in the table (沐阳县, 两江新区).
	stray string
	level string // 县 in 县政府办公室, 市 in 市本级: the level of a body whose name has no place
}

// leaders are what may come before the place in a body's name:
// 国家税务总局沭阳县税务局, 中国人民银行淮安市分行, 中共洪泽区委.
var leaders = []string{"中共", "中国共产党", "共青团"}

// leaderEnds end the name of a national body in front of a local one.
const leaderEnds = "局行会司部署团院委"

func (t *table) parseName(name string) parsed {
	var b parsed
	start := -1
	if end, _ := t.nameAt(name, 0, 2); end > 0 {
		start = 0
	} else {
		for i := range name {
			if i == 0 {
				continue
			}
			r, _ := utf8.DecodeLastRuneInString(name[:i])
			if !strings.ContainsRune(leaderEnds, r) && !slices.Contains(leaders, name[:i]) {
				continue
			}
			// Behind a national body, a county or higher: a township
			// there would be part of another word.
			if end, cands := t.nameAt(name, i, 2); end > 0 && t.nodeLevel(cands[0]) <= County {
				start = i
				break
			}
		}
	}
	rest := name
	if start >= 0 {
		c, stray, _ := t.chainAt(name, start, 2)
		b.chain, b.stray, rest = c, stray, name[c.end:]
	}
	b.rest = rest
	if b.stray == "" {
		b.stray = placeWord(rest, start >= 0)
	}
	if start < 0 && b.stray == "" {
		b.level = bareLevel(rest)
	}
	return b
}

func (t *table) nodeLevel(i int32) Level { return levelOf(t.nodes[i].code) }

// bodyWords follow the name of a division in the name of its government
// or council.
var bodyWords = []string{"人民政府", "政府", "办事处", "管委会", "管理委员会", "党工委", "党委"}

// placeWord returns the word rest starts with when it reads as a
// division's name the table lacks: a word ending like one (县, 区, 镇,
// 街道…) before the word for a government (沐阳县人民政府, 两江新区管委会)
// or at the end of the name; with no division before it, also a short word
// ending in 县, 省, 州, 盟 or 旗 before anything (沐阳县发展和改革局), which
// no department's name starts with. A name of a department (城市管理局,
// 住房和城乡建设局) is none.
func placeWord(rest string, afterChain bool) string {
	for i, r := range rest {
		end := i + utf8.RuneLen(r)
		w := rest[:end]
		if !strings.ContainsRune("省市区县州盟旗镇乡", r) && !strings.HasSuffix(w, "街道") && !strings.HasSuffix(w, "苏木") {
			continue
		}
		n := runes(w)
		if n < 2 || n > 10 {
			return ""
		}
		next := rest[end:]
		switch {
		case next == "" || hasPrefixAny(next, bodyWords):
			return w
		case !afterChain && n <= 5 && strings.ContainsRune("县省州盟旗", r):
			return w
		}
		return ""
	}
	return ""
}

// notLevels start names with a level's character that is no level:
// 市场监督管理局, 乡村振兴局.
var notLevels = []string{"市场", "市政", "市容", "市民", "区域", "县域", "乡村", "镇村"}

// bareLevel returns the level a name without a place starts with: 县 in
// 县政府办公室, 市 in 市本级, 街道 in 街道办事处.
func bareLevel(name string) string {
	if strings.HasPrefix(name, "街道") {
		return "街道"
	}
	r, _ := utf8.DecodeRuneInString(name)
	if !strings.ContainsRune("省市区县州盟旗镇乡", r) || hasPrefixAny(name, notLevels) {
		return ""
	}
	return string(r)
}

func hasPrefixAny(s string, prefixes []string) bool {
	return slices.ContainsFunc(prefixes, func(p string) bool { return strings.HasPrefix(s, p) })
}

func hasSuffixAny(s string, suffixes []string) bool {
	return slices.ContainsFunc(suffixes, func(p string) bool { return strings.HasSuffix(s, p) })
}

// The words that end and fill the names of the kinds of body.
var (
	townshipEnds = []string{"街道办事处", "街道办", "街道", "镇", "乡", "苏木"}
	// governmentRest follow a division's name in its government's.
	governmentRest = []string{"", "人民政府", "政府", "本级", "本级政府", "人民政府本级"}
	zoneRest       = []string{"管委会", "管理委员会", "党工委管委会", "党工委、管委会"}
	zoneEnds       = []string{"新区", "开发区", "园区", "实验区", "示范区"}
	committees     = []string{"居民委员会", "村民委员会", "居委会", "村委会"}
	// agencyEnds end the names of 行政机关; checked before otherWords, so
	// that 水务局 and 医疗保障局 are departments.
	agencyEnds = []string{"办公室", "办公厅", "委员会", "管委会", "局", "厅", "委", "办", "署", "室", "海关"}
	// otherWords mark schools, hospitals, enterprises and other public
	// institutions (公共企事业单位).
	otherWords = []string{"学校", "大学", "学院", "中学", "小学", "幼儿园", "医院", "卫生院", "保健院", "公司", "集团",
		"银行", "供电", "自来水", "燃气", "热力", "公交", "电视台", "报社", "出版社", "博物馆", "图书馆",
		"文化馆", "科技馆", "美术馆", "研究院", "研究所", "疾病预防控制中心", "血站", "急救中心"}
	otherEnds      = []string{"院", "校", "馆", "台", "社"}
	departmentEnds = []string{"中心", "站", "所", "队", "处", "部", "会"}
)

// classify tells the kind of body from its name and what the name says
// of its place, with a note when the kind needs one.
func classify(t *table, name string, b parsed) (Kind, string) {
	named := len(b.chain.cands) > 0 && b.stray == ""
	zone, township := false, named
	for _, i := range b.chain.cands {
		zone = zone || isZone(t.nodes[i].code)
		township = township && levelOf(t.nodes[i].code) == Township
	}
	head, gov := strings.CutSuffix(name, "人民政府")
	if !gov {
		head, gov = strings.CutSuffix(name, "政府")
	}
	// after is what follows an unknown division's name or a bare level.
	after, unknown := strings.CutPrefix(b.rest, b.stray)
	unknown = unknown && b.stray != ""
	if b.level != "" {
		after = strings.TrimPrefix(b.rest, b.level)
	}
	switch {
	// 王城路街道办事处, 青山乡, 白马镇人民政府; a township named alone.
	case hasSuffixAny(name, townshipEnds) || gov && hasSuffixAny(head, townshipNames) ||
		township && slices.Contains(governmentRest, b.rest):
		return KindTownship, ""
	// 平潭综合实验区管委会 governs; other 开发区 and 新区 do not.
	case named && slices.Contains(zoneRest, b.rest):
		if a, ok := aliasOf(b.chain.last); ok && a.governs {
			return KindGovernment, ""
		}
		if zone {
			return KindDepartment, zoneNote
		}
	case named && zone && slices.Contains(governmentRest, b.rest),
		unknown && hasSuffixAny(b.stray, zoneEnds) && (slices.Contains(zoneRest, after) || slices.Contains(governmentRest, after)):
		return KindDepartment, zoneNote
	// 淮安市人民政府, 东山区 (a place named alone stands for its
	// government), 淮安市本级, 沐阳县人民政府, 某省政府, 市本级.
	case named && slices.Contains(governmentRest, b.rest),
		unknown && slices.Contains(governmentRest, after),
		b.level != "" && after != "" && slices.Contains(governmentRest, after):
		return KindGovernment, ""
	}
	switch {
	case hasSuffixAny(name, committees):
		return KindOther, "居民委员会、村民委员会是基层群众性自治组织，不适用《政府信息公开条例》第四十九条的期限"
	case hasSuffixAny(name, agencyEnds) || strings.HasPrefix(name, "中国人民银行"):
		return KindDepartment, ""
	case slices.ContainsFunc(otherWords, func(w string) bool { return strings.Contains(name, w) }) || hasSuffixAny(name, otherEnds):
		return KindOther, "学校、医院、公共企事业单位不适用《政府信息公开条例》第四十九条的期限"
	case hasSuffixAny(name, departmentEnds):
		return KindDepartment, ""
	}
	return KindUnknown, "从机关名称“" + name + "”看不出机关类别"
}

// zoneNote explains why a 开发区 is a department.
const zoneNote = "开发区、新区的管理委员会是所在政府的派出机构，不是一级人民政府，按部门年报的期限"

// locator decides a body's division.
type locator struct {
	t       *table
	name    string
	b       parsed
	kind    Kind
	context []string
	// The portals and the division names the texts give, read on first
	// use: most bodies are placed by their name and a look at the portal.
	portals, prose       []chain
	readPortals, readAll bool
}

// readContext finds the portals the texts name, and with all the other
// division names they give.
func (l *locator) readContext(all bool) {
	if !l.readPortals {
		l.readPortals = true
		for _, s := range l.context {
			l.portals = append(l.portals, l.t.portals(s)...)
		}
	}
	if all && !l.readAll {
		l.readAll = true
		for _, s := range l.context {
			l.prose = append(l.prose, l.t.mentions(s)...)
		}
	}
}

func (l *locator) locate() Placement {
	t, b := l.t, l.b
	cands := b.chain.cands
	switch {
	case len(cands) == 1:
		return l.named(cands[0])
	case len(cands) > 1:
		return l.narrow(cands)
	case b.stray != "":
		return Placement{Note: l.unknownNote(b.stray, -1)}
	case b.level != "":
		return l.fromContext(b.level)
	}
	// A name without any place (教育局): only the portal it is published
	// on says whose it is.
	l.readContext(false)
	if i, ok := l.single(l.portals, ""); ok {
		return Placement{Code: t.nodes[i].code, Note: fmt.Sprintf("机关名称中没有地名，按正文所称门户网站“%s”定位：%s", l.t.nodes[i].name, l.t.place(i).FullName())}
	}
	return Placement{Note: "机关名称“" + l.name + "”中没有地名，报告中也没有说明在哪一级政府门户网站公开"}
}

// named places a body whose name names one division.
func (l *locator) named(i int32) Placement {
	t, b := l.t, l.b
	p := Placement{Code: t.nodes[i].code}
	full := t.place(i).FullName()
	note := "按机关名称中的“" + l.name[b.chain.start:b.chain.end] + "”定位：" + full
	if a, ok := aliasOf(b.chain.last); ok {
		note += "（" + a.note + "）"
	}
	if b.stray != "" {
		// A government is placed at its own division or not at all: at
		// the one above it would pass for that one's 本级 report.
		if l.kind == KindGovernment {
			return Placement{Note: l.unknownNote(b.stray, i) + "，未定位，请人工定位", Candidates: []string{t.nodes[i].code}}
		}
		note += "；" + l.unknownNote(b.stray, i)
	}
	// The portal a text names outranks nothing, but a portal of another
	// region says the name may be misread or the file misfiled.
	l.readContext(false)
	var related, unrelated []int32
	for _, c := range l.portals {
		if len(c.cands) != 1 {
			continue
		}
		if j := c.cands[0]; t.contains(j, i) || t.contains(i, j) {
			related = append(related, j)
		} else {
			unrelated = append(unrelated, j)
		}
	}
	if len(related) == 0 && len(unrelated) > 0 {
		return Placement{Note: fmt.Sprintf("机关名称指向%s，但报告所称门户网站属于%s，无法确定，请人工定位",
			full, t.place(unrelated[0]).FullName()), Candidates: []string{t.nodes[i].code, t.nodes[unrelated[0]].code}}
	}
	p.Note = note
	return p
}

// narrow places a body whose name several divisions share, by the
// divisions the text names above or below one of them: the portal first,
// then the prose.
func (l *locator) narrow(cands []int32) Placement {
	t := l.t
	l.readContext(true)
	for _, src := range []struct {
		chains []chain
		what   string
	}{{l.portals, "正文所称门户网站"}, {l.prose, "正文"}} {
		var fit []int32
		var by string
		for _, c := range cands {
			for _, m := range src.chains {
				// The text names a division above or below c, or c
				// itself under its parents (台州市路桥区路北街道).
				if len(m.cands) != 1 || m.cands[0] == c && m.names == 1 {
					continue
				}
				if j := m.cands[0]; t.contains(j, c) || t.contains(c, j) {
					if !slices.Contains(fit, c) {
						fit = append(fit, c)
					}
					by = m.last
				}
			}
		}
		if len(fit) == 1 {
			p := Placement{Code: t.nodes[fit[0]].code}
			p.Note = fmt.Sprintf("“%s”在区划表中有%d处，按%s中的“%s”定位：%s", l.b.chain.last, len(cands), src.what, by, t.place(fit[0]).FullName())
			if l.b.stray != "" {
				if l.kind == KindGovernment {
					return Placement{Note: l.unknownNote(l.b.stray, fit[0]) + "，未定位，请人工定位", Candidates: []string{p.Code}}
				}
				p.Note += "；" + l.unknownNote(l.b.stray, fit[0])
			}
			return p
		}
	}
	return Placement{Note: fmt.Sprintf("“%s”在区划表中有%d处（%s），报告中没有能区分它们的地名，请人工定位",
		l.b.chain.last, len(cands), l.list(cands)), Candidates: l.codes(cands)}
}

// fromContext places a body whose name gives only its level (县政府办公室,
// 市本级) by the one division of that level the text names: its portal,
// else its prose.
func (l *locator) fromContext(level string) Placement {
	t := l.t
	l.readContext(true)
	if i, ok := l.single(l.portals, level); ok {
		return Placement{Code: t.nodes[i].code, Note: fmt.Sprintf("机关名称未写地名，按正文所称门户网站定位：%s", t.place(i).FullName())}
	}
	found := l.atLevel(l.prose, level)
	switch len(found) {
	case 1:
		return Placement{Code: t.nodes[found[0]].code, Note: fmt.Sprintf("机关名称未写地名，报告正文提到的%s只有%s", level, t.place(found[0]).FullName())}
	case 0:
		return Placement{Note: "机关名称“" + l.name + "”未写地名，报告中也没有提到哪一个" + level}
	}
	return Placement{Note: fmt.Sprintf("机关名称“%s”未写地名，报告提到的%s有%d个（%s），无法确定，请人工定位", l.name, level, len(found), l.list(found)),
		Candidates: l.codes(found)}
}

// atLevel returns the divisions of the given level (县, 市…) that the
// chains name or lie under, each once.
func (l *locator) atLevel(chains []chain, level string) []int32 {
	var out []int32
	for _, c := range chains {
		if len(c.cands) != 1 {
			continue
		}
		for i := c.cands[0]; i >= 0; i = l.t.nodes[i].parent {
			if strings.HasSuffix(l.t.nodes[i].name, level) && (levelOf(l.t.nodes[i].code) != Township) == !strings.Contains("镇乡街道", level) {
				if !slices.Contains(out, i) {
					out = append(out, i)
				}
				break
			}
		}
	}
	return out
}

// single returns the one division the portal chains name (of the level,
// when one is given); several that lie on one line of descent give the
// lowest.
func (l *locator) single(chains []chain, level string) (int32, bool) {
	var found []int32
	if level != "" {
		found = l.atLevel(chains, level)
	} else {
		for _, c := range chains {
			if len(c.cands) == 1 && !slices.Contains(found, c.cands[0]) {
				found = append(found, c.cands[0])
			}
		}
	}
	if len(found) == 0 {
		return 0, false
	}
	low := found[0]
	for _, i := range found[1:] {
		switch {
		case l.t.contains(low, i):
			low = i
		case !l.t.contains(i, low):
			return 0, false
		}
	}
	return low, true
}

// unknownNote says that word is no division (under parent, when one is
// known) and names the divisions whose names differ from it in one
// character, as an OCR misreading or a typing slip gives; those the
// report's text also names come first.
func (l *locator) unknownNote(word string, parent int32) string {
	t := l.t
	var note string
	from, to := int32(0), int32(len(t.nodes))
	if parent >= 0 {
		note = t.place(parent).FullName() + "的下级区划中没有“" + word + "”"
		from, to = parent+1, t.nodes[parent].end
	} else {
		note = "“" + word + "”不在区划表中"
	}
	if others := t.named(word); len(others) > 0 {
		note += fmt.Sprintf("（同名的有%s）", l.list(others))
	}
	var near, named []int32
	for j := from; j < to && runes(word) >= 3; j++ {
		if (parent >= 0 || len(t.nodes[j].code) <= 6) && oneOff(t.nodes[j].name, word) {
			near = append(near, j)
		}
	}
	l.readContext(true)
	for _, j := range near {
		for _, c := range append(l.portals, l.prose...) {
			if len(c.cands) == 1 && t.contains(c.cands[0], j) {
				named = append(named, j)
				break
			}
		}
	}
	switch {
	case len(named) > 0:
		note += fmt.Sprintf("；报告中提到的%s与它只差一字，可能是识读或录入错误", l.list(named))
	case len(near) > 0:
		note += fmt.Sprintf("；与它只差一字的有%s，可能是识读或录入错误", l.list(near))
	}
	if hasSuffixAny(word, zoneEnds) {
		note += "；新区、开发区多不是行政区划"
	}
	if parent < 0 {
		note += "，未定位，请人工定位"
	}
	return note
}

// oneOff reports whether a and b have the same length and differ in
// exactly one character.
func oneOff(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	diff := 0
	for a != "" {
		ra, na := utf8.DecodeRuneInString(a)
		rb, nb := utf8.DecodeRuneInString(b)
		if ra != rb {
			diff++
		}
		if na != nb || diff > 1 {
			return false
		}
		a, b = a[na:], b[nb:]
	}
	return diff == 1
}

// maxListed is how many divisions a note names.
const maxListed = 5

// list names divisions in full for a note: the first few, then how many.
func (l *locator) list(is []int32) string {
	var names []string
	for k, i := range is {
		if k == maxListed {
			names[k-1] += fmt.Sprintf("等%d处", len(is))
			break
		}
		names = append(names, l.t.place(i).FullName())
	}
	return strings.Join(names, "、")
}

// maxCandidates bounds the candidates an unplaced body keeps (there are
// 88 城关镇).
const maxCandidates = 100

func (l *locator) codes(is []int32) []string {
	var out []string
	for _, i := range is[:min(len(is), maxCandidates)] {
		out = append(out, l.t.nodes[i].code)
	}
	return out
}

func joinNotes(a, b string) string {
	switch {
	case a == "":
		return b
	case b == "":
		return a
	}
	return a + "；" + b
}

// Unit returns a body's name within its division, as nianbao.BodyYear
// keeps it: the name after the division names it starts with (人民政府
// of 淮安市洪泽区人民政府 and of 洪泽区人民政府), folded as
// nianbao.AgencyKey folds names.
func Unit(agency string) string {
	name := bodyName(agency)
	if name == "" {
		return ""
	}
	return nianbao.AgencyKey(divisions().parseName(name).rest)
}

// BodyYear returns where rep stands among its body's reports, its body
// placed in the division of key (Key; 0 for a body not placed): the
// reports of one body under names that differ in their places' names are
// one run when placed in one division (nianbao.BodyYear.SameBody).
func BodyYear(rep *nianbao.Report, key int64) nianbao.BodyYear {
	by := rep.BodyYear()
	if key != 0 && by.Body != "" {
		by.Place, by.Unit = key, Unit(rep.Agency)
	}
	return by
}
