// Package place knows China's administrative divisions (行政区划) down to
// the township — province (省级), prefecture (地级), county (县级),
// township (乡级: 乡, 镇, 街道) — and places a reporting body among them:
// which division it belongs to and what kind of body it is, which decides
// its deadline.
//
// The table is the National Bureau of Statistics' 统计用区划代码 of
// 2022-10-31 (data/README.md), embedded and read on first use. Codes are
// hierarchical: a division's code starts with its parent's ("32" 江苏省,
// "3208" 淮安市, "320813" 洪泽区, "320813001" 高良涧街道), so "everything
// under P" is every code that starts with P's, and Span turns that into an
// integer range a database can index.
//
// The package does no I/O: the table is compiled into the program.
package place

import (
	"bytes"
	"compress/gzip"
	_ "embed"
	"encoding/binary"
	"fmt"
	"io"
	"iter"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
)

// Level is a division's tier.
type Level int8

// The four tiers of the table.
const (
	Province   Level = iota + 1 // 省级: 省, 自治区, 直辖市
	Prefecture                  // 地级: 地级市, 地区, 自治州, 盟
	County                      // 县级: 市辖区, 县, 县级市, 旗, and the statistical units of 开发区 and 新区
	Township                    // 乡级: 乡, 镇, 街道, 苏木, and units such as 农场
)

// Label names the level in Chinese.
func (l Level) Label() string {
	switch l {
	case Province:
		return "省级"
	case Prefecture:
		return "地级"
	case County:
		return "县级"
	case Township:
		return "乡级"
	}
	return ""
}

// levelOf tells a code's level by its length.
func levelOf(code string) Level {
	switch len(code) {
	case 2:
		return Province
	case 4:
		return Prefecture
	case 6:
		return County
	case 9:
		return Township
	}
	return 0
}

// Place is one division. The zero Place is no place; its methods return
// nothing.
type Place struct {
	Code  string
	Name  string
	Level Level
	i     int32 // index in the table, +1 so that the zero Place has none
}

// IsZero reports whether p is no place.
func (p Place) IsZero() bool { return p.i == 0 }

// node is a division as the table holds it. The table lists divisions in
// code order, each after its parent, so a division's descendants are the
// nodes from the next one up to end.
type node struct {
	code, name string
	parent     int32 // -1 for a province
	end        int32
}

type table struct {
	nodes []node // in code order
	// order holds the nodes' positions sorted by name, then code, two
	// bytes each (data/divisions.names): names are found by binary search.
	order   []byte
	folded  map[string]int32   // the codes of counties that are their prefecture (东莞市 441900)
	aliases map[string][]int32 // names the table lacks (平潭综合实验区)
	// short indexes the short forms of names (淮安 for 淮安市), which only
	// Search needs: built on its first use, it keeps reading the table fast.
	short   func() map[string][]int32
	longest int // the longest name's length in bytes
}

var (
	//go:embed data/divisions.tsv.gz
	divisionsGz []byte
	//go:embed data/divisions.names
	divisionNames []byte
)

// divisions is the table, read on first use (a few milliseconds; see
// BenchmarkLoad).
var divisions = sync.OnceValue(func() *table {
	t, err := parse(divisionsGz, divisionNames)
	if err != nil {
		panic("place: embedded division table: " + err.Error()) // compiled in, tested
	}
	return t
})

// parse reads the table written by internal/mkdivisions.
func parse(gz, order []byte) (*table, error) {
	// The gzip trailer holds the text's length: read it into a buffer of
	// that size, and slice every name and code from it.
	if len(gz) < 4 {
		return nil, fmt.Errorf("place: table too short")
	}
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		return nil, err
	}
	var b strings.Builder
	b.Grow(int(binary.LittleEndian.Uint32(gz[len(gz)-4:])))
	if _, err := io.Copy(&b, zr); err != nil {
		return nil, err
	}
	text := b.String()
	n := strings.Count(text, "\n")
	t := &table{nodes: make([]node, 0, n), order: order, folded: map[string]int32{}, aliases: map[string][]int32{}}
	// Township codes are written relative to their county; the full codes
	// go into one buffer so that the table holds one string for them all.
	var codes strings.Builder
	codes.Grow(9 * n)
	var towns []int32 // the townships' nodes; the k-th one's code is codes[9k:9k+9]
	county, prefecture := "", int32(-1)
	for rest := text; rest != ""; {
		var line string
		line, rest, _ = strings.Cut(rest, "\n")
		code, name, ok := strings.Cut(line, "\t")
		if !ok {
			return nil, fmt.Errorf("place: bad line %q", line)
		}
		if len(code) == 3 {
			towns = append(towns, int32(len(t.nodes)))
			codes.WriteString(county)
			codes.WriteString(code)
			code = ""
		} else if len(code) == 6 {
			county = code
		}
		if name == "=" {
			// A county that is its prefecture: the code stands for it.
			if prefecture < 0 || !strings.HasPrefix(code, t.nodes[prefecture].code) {
				return nil, fmt.Errorf("place: folded county %s not under its prefecture", code)
			}
			t.folded[code] = prefecture
			continue
		}
		if len(code) == 4 {
			prefecture = int32(len(t.nodes))
		}
		t.nodes = append(t.nodes, node{code: code, name: name, parent: -1})
		t.longest = max(t.longest, len(name))
	}
	all := codes.String()
	for k, i := range towns {
		t.nodes[i].code = all[9*k : 9*k+9]
	}
	if len(order) != 2*len(t.nodes) {
		return nil, fmt.Errorf("place: the name order has %d entries for %d divisions", len(order)/2, len(t.nodes))
	}
	// Parents and descendant ranges, in one pass over the code order.
	var stack []int32 // the current node's ancestors
	for i := range t.nodes {
		nd := &t.nodes[i]
		if levelOf(nd.code) == 0 {
			return nil, fmt.Errorf("place: bad code %q", nd.code)
		}
		if i > 0 && nd.code <= t.nodes[i-1].code {
			return nil, fmt.Errorf("place: %s out of order", nd.code)
		}
		for len(stack) > 0 && !strings.HasPrefix(nd.code, t.nodes[stack[len(stack)-1]].code) {
			t.nodes[stack[len(stack)-1]].end = int32(i)
			stack = stack[:len(stack)-1]
		}
		if len(stack) > 0 {
			nd.parent = stack[len(stack)-1]
		} else if len(nd.code) != 2 {
			return nil, fmt.Errorf("place: %s %s has no parent", nd.code, nd.name)
		}
		stack = append(stack, int32(i))
	}
	for _, s := range stack {
		t.nodes[s].end = int32(len(t.nodes))
	}
	for _, a := range aliases {
		i, ok := t.index(a.code)
		if !ok {
			return nil, fmt.Errorf("place: alias %s: no division %s", a.name, a.code)
		}
		t.aliases[a.name] = append(t.aliases[a.name], i)
		t.longest = max(t.longest, len(a.name))
	}
	t.short = sync.OnceValue(func() map[string][]int32 { return shortForms(t) })
	return t, nil
}

// index returns the node of a code: a division's, or a folded county's.
func (t *table) index(code string) (int32, bool) {
	if i, ok := t.folded[code]; ok {
		return i, true
	}
	i, ok := slices.BinarySearchFunc(t.nodes, code, func(nd node, code string) int { return strings.Compare(nd.code, code) })
	return int32(i), ok
}

// ordered returns the k-th node in name order.
func (t *table) ordered(k int) int32 {
	return int32(binary.LittleEndian.Uint16(t.order[2*k:]))
}

// named returns the divisions of a name, in code order; nil for none.
func (t *table) named(name string) []int32 {
	if a, ok := t.aliases[name]; ok {
		return a
	}
	n := len(t.order) / 2
	lo := sort.Search(n, func(k int) bool { return t.nodes[t.ordered(k)].name >= name })
	var out []int32
	for k := lo; k < n && t.nodes[t.ordered(k)].name == name; k++ {
		out = append(out, t.ordered(k))
	}
	return out
}

// place returns the Place of node i.
func (t *table) place(i int32) Place {
	nd := &t.nodes[i]
	return Place{Code: nd.code, Name: nd.name, Level: levelOf(nd.code), i: i + 1}
}

// Lookup returns the division with the given code. A county code that
// stands for its prefecture (东莞市 441900) gives the prefecture.
func Lookup(code string) (Place, bool) {
	t := divisions()
	i, ok := t.index(strings.TrimSpace(code))
	if !ok {
		return Place{}, false
	}
	return t.place(i), true
}

// Parent returns the division p belongs to; a province has none. The
// counties of a municipality (北京市) belong to it directly.
func (p Place) Parent() (Place, bool) {
	if p.i == 0 {
		return Place{}, false
	}
	t := divisions()
	if par := t.nodes[p.i-1].parent; par >= 0 {
		return t.place(par), true
	}
	return Place{}, false
}

// Path returns p's ancestors and p, the province first.
func (p Place) Path() []Place {
	var path []Place
	for q, ok := p, p.i != 0; ok; q, ok = q.Parent() {
		path = append(path, q)
	}
	for i, j := 0, len(path)-1; i < j; i, j = i+1, j-1 {
		path[i], path[j] = path[j], path[i]
	}
	return path
}

// FullName is p's name with its ancestors' in front: 江苏省淮安市洪泽区.
func (p Place) FullName() string {
	var b strings.Builder
	for _, q := range p.Path() {
		b.WriteString(q.Name)
	}
	return b.String()
}

// Children returns the divisions directly under p, in code order.
func (p Place) Children() []Place {
	if p.i == 0 {
		return nil
	}
	t := divisions()
	var out []Place
	for j := p.i; j < t.nodes[p.i-1].end; j = t.nodes[j].end {
		out = append(out, t.place(j))
	}
	return out
}

// Descendants yields every division under p, each after its parent.
func (p Place) Descendants() iter.Seq[Place] {
	return func(yield func(Place) bool) {
		if p.i == 0 {
			return
		}
		t := divisions()
		for j := p.i; j < t.nodes[p.i-1].end; j++ {
			if !yield(t.place(j)) {
				return
			}
		}
	}
}

// Contains reports whether the division or body with the given code lies
// in p: p itself or anything under it.
func (p Place) Contains(code string) bool {
	if p.i == 0 {
		return false
	}
	q, ok := Lookup(code)
	return ok && strings.HasPrefix(q.Code, p.Code)
}

// contains reports whether node j is node i or lies under it.
func (t *table) contains(i, j int32) bool { return i <= j && j < t.nodes[i].end }

// keyDigits is the length of a township's code, to which Key pads codes.
const keyDigits = 9

// Key is a code as a number padded to nine digits (3208 → 320800000), the
// form to store for range queries; 0 for "" or a code that is not
// hierarchical digits.
func Key(code string) int64 {
	if levelOf(code) == 0 {
		return 0
	}
	k, err := strconv.ParseInt(code, 10, 64)
	if err != nil || k <= 0 {
		return 0
	}
	for range keyDigits - len(code) {
		k *= 10
	}
	return k
}

// Span returns the range of keys of code and everything under it, both
// ends included: "everything under 淮安市" is key BETWEEN 320800000 AND
// 320899999. ok is false for a code that is not a division's.
func Span(code string) (lo, hi int64, ok bool) {
	p, ok := Lookup(code)
	if !ok {
		return 0, 0, false
	}
	lo = Key(p.Code)
	width := int64(1)
	for range keyDigits - len(p.Code) {
		width *= 10
	}
	return lo, lo + width - 1, true
}

// CodeOf turns a key back into the code: 320800000 → "3208".
func CodeOf(key int64) string {
	if key <= 0 {
		return ""
	}
	s := strconv.FormatInt(key, 10)
	if len(s) != keyDigits {
		return ""
	}
	// Drop the zero groups of the levels below: 320800000 → 3208.
	for _, n := range []int{6, 4, 2} {
		if strings.Trim(s[n:], "0") != "" {
			break
		}
		s = s[:n]
	}
	return s
}
