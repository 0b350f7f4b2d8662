package htmldoc

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"nianbao/reader/internal/limit"
	"nianbao/reader/internal/limit/limittest"
)

// tablesPage is a page that is small and costly to read: depth tables
// nested in one another (each level of layout copies the blocks below it),
// then tables tables of rows rows under a first cell spanning span columns
// (each laid out on a grid of rows × span positions).
func tablesPage(depth, tables, rows, span int) []byte {
	var b strings.Builder
	b.WriteString("<html><body><p>报告</p>")
	for range depth {
		b.WriteString("<table><tr><td>外<td>")
	}
	b.WriteString("正文")
	for range depth {
		b.WriteString("</td></tr></table>")
	}
	for range tables {
		fmt.Fprintf(&b, "<table><tr><td colspan=%d>表</td></tr>", span)
		for r := range rows {
			fmt.Fprintf(&b, "<tr><td>行<td>%d", r)
		}
		b.WriteString("</table>")
	}
	return []byte(b.String())
}

func TestHostileTables(t *testing.T) {
	for _, tt := range []struct {
		name                      string
		depth, tables, rows, span int
		want                      string
	}{
		{"nested 20000 deep", 20000, 0, 0, 0, "嵌套"},
		{"nested as deep as allowed", int(limit.Default.Depth), 0, 0, 0, ""},
		{"many tables near the area cap", 0, 100, 500, 500, "单元格"},
		{"too many tables", 0, 20000, 1, 2, "表格"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			page := tablesPage(tt.depth, tt.tables, tt.rows, tt.span)
			limittest.Read(t, len(page), tt.want, func() error {
				_, _, err := ReadBudget(page, limit.New(limit.Limits{}))
				return err
			})
		})
	}
}

// FuzzTables: pages of nested and large tables of any shape read under
// tight limits stop with a reason or read.
func FuzzTables(f *testing.F) {
	f.Add(uint16(100), uint16(0), uint16(0), uint16(0))
	f.Add(uint16(3), uint16(10), uint16(50), uint16(400))
	f.Add(uint16(0), uint16(3000), uint16(1), uint16(2))
	f.Fuzz(func(t *testing.T, depth, tables, rows, span uint16) {
		page := tablesPage(int(depth), int(tables%5000), int(rows%1000), int(span))
		_, _, err := ReadBudget(page, limit.New(limit.Limits{Cells: 200_000, Tables: 1000, Time: 2 * time.Second}))
		limittest.Reason(t, err)
	})
}
