// Package roster reads the rosters supervising offices keep in
// spreadsheets (应报机关名单): an Excel workbook or a CSV file, one body a
// row, with columns such as 单位名称, 地区 or 区划代码, and 类别; or a plain
// list, one name a line. Each body is placed under the roster's place: at
// the division its row names, else where its name places it (package
// place), else at the roster's place itself.
package roster

import (
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"nianbao"
	"nianbao/place"
	"nianbao/register"
)

// column is what a roster's column holds.
type column int

const (
	colNone column = iota
	colName
	colPlace
	colKind
)

// columnOf tells a header's column: the body's name, its division (a name
// or a code), its kind; anything else (序号, 联系人, 备注) is not read.
func columnOf(h string) column {
	h = strings.Join(strings.Fields(h), "")
	switch {
	case strings.Contains(h, "区划") || strings.Contains(h, "地区") || strings.Contains(h, "所属") || h == "地区代码" || h == "区域":
		return colPlace
	case strings.Contains(h, "类别") || strings.Contains(h, "类型") || strings.Contains(h, "性质"):
		return colKind
	case strings.Contains(h, "名称") || strings.Contains(h, "名单") || h == "单位" || h == "机关" || h == "部门" || h == "报送单位":
		return colName
	}
	return colNone
}

// kindWords are the ways a roster writes a body's kind.
var kindWords = map[string]place.Kind{
	"本级人民政府": place.KindGovernment, "本级政府": place.KindGovernment, "人民政府": place.KindGovernment, "政府": place.KindGovernment,
	"政府部门": place.KindDepartment, "部门": place.KindDepartment, "行政机关": place.KindDepartment,
	"乡镇、街道": place.KindTownship, "乡镇街道": place.KindTownship, "乡镇": place.KindTownship, "街道": place.KindTownship,
	"乡镇/街道": place.KindTownship, "乡镇（街道）": place.KindTownship,
	"其他单位": place.KindOther, "其他": place.KindOther, "公共企事业单位": place.KindOther, "企事业单位": place.KindOther,
}

// maxErrors is how many bad rows an error lists.
const maxErrors = 10

// Read reads the roster file name for the bodies under within expected to
// report for year. A row it cannot read (no name, a division not under
// within, a kind it does not know, a body listed twice) fails the whole
// file with an EINVALID error naming the file and each row, so that a
// roster is never half imported.
func Read(name string, data []byte, within place.Place, year int) ([]nianbao.RosterEntry, error) {
	rs, err := readRows(name, data)
	if err != nil {
		return nil, err
	}
	var out []nianbao.RosterEntry
	var bad []string
	for _, r := range rs {
		e, err := entry(r.agency, r.where, r.kind, within, year)
		if err == nil && r.dup > 0 {
			err = fmt.Errorf("与第 %d 行是同一机关", r.dup)
		}
		if err != nil {
			bad = append(bad, fmt.Sprintf("第 %d 行“%s”：%v", r.n, r.agency, err))
			continue
		}
		out = append(out, e)
	}
	return out, rejected(name, bad)
}

// Names reads the names of the bodies a roster file lists, as Read reads
// them, without placing them: the expected bodies of an aggregation of
// files, which have no place to be under. A body listed twice fails the
// file as it does Read.
func Names(name string, data []byte) ([]string, error) {
	rs, err := readRows(name, data)
	if err != nil {
		return nil, err
	}
	var out, bad []string
	for _, r := range rs {
		if r.dup > 0 {
			bad = append(bad, fmt.Sprintf("第 %d 行“%s”：与第 %d 行是同一机关", r.n, r.agency, r.dup))
			continue
		}
		out = append(out, r.agency)
	}
	return out, rejected(name, bad)
}

// row is a body's row of a roster as written: its name, division and kind.
type row struct {
	n                   int // the row's number in the file, from 1
	agency, where, kind string
	dup                 int // the number of the row that listed the body before, 0 for none
}

// readRows reads the rows of a roster file that name a body; a file that
// names none is an EINVALID error.
func readRows(name string, data []byte) ([]row, error) {
	grid, err := register.Grid(name, data)
	if err != nil {
		return nil, err
	}
	cols, head := header(grid)
	var out []row
	first := map[string]int{} // agency key → the row that listed it
	for r := head + 1; r < len(grid); r++ {
		rw := row{n: r + 1}
		for c, v := range grid[r] {
			v = strings.TrimSpace(strings.TrimPrefix(v, "\ufeff"))
			switch cols[c] {
			case colName:
				rw.agency = v
			case colPlace:
				rw.where = v
			case colKind:
				rw.kind = v
			}
		}
		if rw.agency == "" || head < 0 && strings.HasPrefix(rw.agency, "#") {
			continue // a blank row, or a comment of a plain list
		}
		key := nianbao.AgencyKey(rw.agency)
		if n, dup := first[key]; dup {
			rw.dup = n
		} else {
			first[key] = rw.n
		}
		out = append(out, rw)
	}
	if len(out) == 0 {
		return nil, nianbao.Errorf(nianbao.EINVALID, "%s: 没有读到机关名称（表头应有“单位名称”或“机关名称”一列，或每行一个名称）", name)
	}
	return out, nil
}

// rejected is the error of a roster with bad rows, nil for none: the first
// maxErrors of them.
func rejected(name string, bad []string) error {
	if len(bad) == 0 {
		return nil
	}
	if len(bad) > maxErrors {
		bad = append(bad[:maxErrors], fmt.Sprintf("另有 %d 行", len(bad)-maxErrors))
	}
	return nianbao.Errorf(nianbao.EINVALID, "%s: 名单有误，未导入：%s", name, strings.Join(bad, "；"))
}

// header finds the header row, the first with a name column, and what
// each column holds; -1 with one name column when there is none: a plain
// list of names, one a line.
func header(grid [][]string) (map[int]column, int) {
	for r, row := range grid {
		cols := map[int]column{}
		named := false
		filled := 0
		for c, v := range row {
			if strings.TrimSpace(v) != "" {
				filled++
			}
			k := columnOf(v)
			if k == colName && named {
				k = colNone // the first name column: 单位名称 before 上级单位名称
			}
			named = named || k == colName
			cols[c] = k
		}
		// A title above the table (…应报单位名单, 应报单位名单) is one cell; a
		// one-column list's header is one short cell that is no 名单.
		one := strings.TrimSpace(strings.Join(row, ""))
		if named && (filled > 1 || utf8.RuneCountInString(one) <= 8 && !strings.Contains(one, "名单")) {
			return cols, r
		}
	}
	return map[int]column{0: colName}, -1
}

// entry places one body of the roster.
func entry(agency, where, kind string, within place.Place, year int) (nianbao.RosterEntry, error) {
	e := nianbao.RosterEntry{Year: year, Agency: agency}
	located := place.LocateName(agency)
	var notes []string
	switch {
	case where != "":
		p, err := resolveUnder(where, within)
		if err != nil {
			return e, err
		}
		e.Code = p.Code
		notes = append(notes, "名单所列地区："+p.FullName())
	case located.Placed() && within.Contains(located.Code):
		e.Code = located.Code
		notes = append(notes, "按名称定位："+place.Label(located.Code))
	case located.Placed() && !strings.HasPrefix(within.Code, located.Code):
		// The name says another region (洪泽区财政局 on 清江浦区's list).
		return e, fmt.Errorf("按名称位于%s，不在%s之下", place.Label(located.Code), within.FullName())
	default:
		e.Code = within.Code
		notes = append(notes, "名单未写地区，按名单所属的"+within.FullName())
	}
	switch k, ok := kindWords[strings.Join(strings.Fields(kind), "")]; {
	case kind == "":
		e.Kind = string(located.Kind)
	case ok:
		e.Kind = string(k)
		notes = append(notes, "名单所列类别："+k.Label())
	case slices.Contains(place.Kinds, place.Kind(kind)):
		e.Kind = kind
	default:
		return e, fmt.Errorf("类别“%s”无法识别（应为本级人民政府、政府部门、乡镇街道或其他单位）", kind)
	}
	e.Note = strings.Join(notes, "；")
	return e, nil
}

// resolveUnder is the division a row names: a code, or a name that means
// one division within the roster's place (城关镇 is one under its county,
// though 88 in China).
func resolveUnder(where string, within place.Place) (place.Place, error) {
	if p, ok := place.Lookup(where); ok {
		if !within.Contains(p.Code) {
			return p, fmt.Errorf("地区%s不在%s之下", place.Label(p.Code), within.FullName())
		}
		return p, nil
	}
	if where == within.Name || strings.HasSuffix(within.FullName(), where) {
		return within, nil
	}
	var found []place.Place
	for _, p := range place.Search(where) {
		if within.Contains(p.Code) {
			found = append(found, p)
		}
	}
	if len(found) == 0 {
		// A name with its parents' in front: 淮安市洪泽区, 洪泽区高良涧街道.
		for p := range within.Descendants() {
			if strings.HasSuffix(p.FullName(), where) {
				found = append(found, p)
			}
		}
	}
	switch len(found) {
	case 0:
		return place.Place{}, fmt.Errorf("%s之下没有地区“%s”", within.FullName(), where)
	case 1:
		return found[0], nil
	}
	return place.Place{}, fmt.Errorf("“%s”在%s之下可指 %d 个地区，请写区划代码", where, within.FullName(), len(found))
}
