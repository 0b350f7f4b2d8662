package match

import (
	"fmt"
	"strings"
	"testing"

	"nianbao"
	"nianbao/document"
	plain "nianbao/reader/text"
)

// TestHeaderColumns reads table 三's applicant columns off headers of
// column-aligned text as reports print them — heads wrapped, spaced,
// printed a character a line, a group head over several — and leaves
// none where the header does not give one head a column.
func TestHeaderColumns(t *testing.T) {
	tests := []struct {
		name   string
		header string
		cols   int
		want   string
	}{
		{"wrapped", `
                                                         申请人情况
(本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四    法人或其他组织
                          项之和)       自然人  商业企  科研机  社会公  法律服  其他   总计
                                                  业      构    益组织  务机构
`, 7, "[[40 46] [48 54] [56 62] [64 70] [72 78] [80 84] [87 91]]"},
		{"a head a line lower", `
                                               法人或其他组织
                  和)             自然    商业    科研    社会    法律            总计
                                   人     企业    机构    公益    服务    其他
                                                          组织    机构
`, 7, "[[34 38] [42 46] [50 54] [58 62] [66 70] [74 78] [82 86]]"},
		{"spaced", `
(本列数据的钩稽关系为：第一项加第二项之   自 然            法人或其他组织
                          项之和)         人    商 业  科研机  社会公  法律服  其他
                                                企 业    构    益组织  务机构
`, 6, "[[42 47] [48 53] [55 61] [63 69] [71 77] [79 83]]"},
		{"a character a line", `
                               自       法人或 其他组织
(本列数据的钩稽关系为：之和)   然  商业  科研  社会  法律  其  总
                               人  企业  机构  公益  服务  他  计
                                               组织  机构
`, 7, "[[31 33] [35 39] [41 45] [47 51] [53 57] [59 61] [63 65]]"},
		{"a column missing", `
                          项之和)       自然人  商业企  科研机  社会公  法律服  其他
`, 7, "[]"},
		{"no 自然人", `
                          项之和)       申请人  商业企  科研机  社会公  法律服  其他   总计
`, 7, "[]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			text := tt.header + "一、本年新收政府信息公开申请数量\n"
			first := strings.Index(text, "一、")
			if got := fmt.Sprint(headerColumns(text, 0, first, tt.cols)); got != tt.want {
				t.Errorf("headerColumns = %s; want %s", got, tt.want)
			}
		})
	}
}

// TestColumnUnder places a right-aligned cell by where it ends: under
// its head's end or a little past it, never halfway to the next head.
func TestColumnUnder(t *testing.T) {
	header := [][2]int{{10, 16}, {20, 24}, {30, 34}}
	for _, tt := range []struct{ x, want int }{
		{16, 0}, {12, 0}, {18, 0}, {19, -1}, {10, -1}, {24, 1}, {27, 1}, {28, -1}, {34, 2}, {40, 2},
	} {
		if got := columnUnder(header, tt.x); got != tt.want {
			t.Errorf("a cell ending at %d: column %d; want %d", tt.x, got, tt.want)
		}
	}
}

// TestActiveByHeader reads table 二's rows of column-aligned text that
// print fewer cells than columns by their block's header, and leaves them
// unread where the header does not print one head a column or a full row
// of the block is not under the header's columns.
func TestActiveByHeader(t *testing.T) {
	// printAt prints raw after line so that it ends at display column x.
	printAt := func(line string, x int, raw string) string {
		return line + strings.Repeat(" ", x-document.DisplayWidth(line)-document.DisplayWidth(raw)) + raw
	}
	const (
		header      = "              第二十条第（一）项\n   信息内容     本年制发件数  本年废止件数  现行有效件数\n"
		runTogether = "              第二十条第（一）项\n   信息内容     本年制发件数 本年废止件数  现行有效件数\n"
		decisions   = "              第二十条第（五）项\n   信息内容           本年处理决定数量\n行政许可                     7\n"
	)
	short := printAt(printAt("规章", 42, "3"), 56, "12") + "\n" + printAt("行政规范性文件", 28, "5") + "\n"
	full := printAt(printAt(printAt("规章", 28, "1"), 42, "2"), 56, "3") + "\n"
	offColumns := "规章            1 2 3\n" + printAt("行政规范性文件", 42, "5") + "\n"
	tests := []struct {
		name, text string
		want       string // regulations' and normative_documents' cells
	}{
		{"blank cells print nothing", header + short + decisions, "[_ 3 12] [5 _ _]"},
		{"a full row beside", header + full + printAt("行政规范性文件", 42, "5") + "\n" + decisions, "[1 2 3] [_ 5 _]"},
		{"two heads run together", runTogether + short + decisions, "[? ? ?] [? ? ?]"},
		{"a full row off the header's columns", header + offColumns + decisions, "[1 2 3] [? ? ?]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := plain.Parse(tt.text)
			nt := borrowNormText(doc.Text)
			defer nt.release()
			rep := nianbao.NewReport(nianbao.Format2021)
			readActive(rep, doc.Text, nt, 0, len(doc.Text), newDocIndex(doc), nianbao.Format2021)
			var got []string
			for _, row := range []string{"regulations", "normative_documents"} {
				var cells []string
				for _, col := range []string{"issued", "repealed", "in_force"} {
					cells = append(cells, "?")
					for _, p := range rep.Cells {
						if p.CellKey == (nianbao.CellKey{Table: nianbao.TableActive, Row: row, Column: col}) {
							cells[len(cells)-1] = p.Raw
							if p.Kind == nianbao.KindBlank {
								cells[len(cells)-1] = "_"
							}
						}
					}
				}
				got = append(got, fmt.Sprint(cells))
			}
			if s := strings.Join(got, " "); s != tt.want {
				t.Errorf("cells %s; want %s", s, tt.want)
			}
			if v := rep.Value(nianbao.CellKey{Table: nianbao.TableActive, Row: "licensing", Column: "decisions"}); fmt.Sprint(v) != "7" {
				t.Errorf("行政许可 %v; want 7", v)
			}
		})
	}
}
