package docx

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"nianbao/reader/internal/limit"
	"nianbao/reader/internal/limit/limittest"
	"nianbao/reader/internal/ooxml"
)

// tablesBody is a body that is small and costly to read: depth tables
// nested in one another, then tables tables of rows rows under a first cell
// spanning span grid columns.
func tablesBody(depth, tables, rows, span int) string {
	var b strings.Builder
	b.WriteString("<w:p><w:r><w:t>报告</w:t></w:r></w:p>")
	for range depth {
		b.WriteString("<w:tbl><w:tr><w:tc><w:p><w:r><w:t>外</w:t></w:r></w:p></w:tc><w:tc>")
	}
	b.WriteString("<w:p><w:r><w:t>正文</w:t></w:r></w:p>")
	for range depth {
		b.WriteString("</w:tc></w:tr></w:tbl>")
	}
	for range tables {
		fmt.Fprintf(&b, `<w:tbl><w:tr><w:tc><w:tcPr><w:gridSpan w:val="%d"/></w:tcPr><w:p><w:r><w:t>表</w:t></w:r></w:p></w:tc></w:tr>`, span)
		for r := range rows {
			fmt.Fprintf(&b, "<w:tr><w:tc><w:p><w:r><w:t>行</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>%d</w:t></w:r></w:p></w:tc></w:tr>", r)
		}
		b.WriteString("</w:tbl>")
	}
	return b.String()
}

// readUnder reads a .docx under the limits l.
func readUnder(data []byte, l limit.Limits) error {
	pkg, err := ooxml.Open(data, "DOCX")
	if err != nil {
		return err
	}
	pkg.Budget = limit.New(l)
	_, err = ReadPackage(pkg)
	return err
}

func TestHostileTables(t *testing.T) {
	for _, tt := range []struct {
		name                      string
		depth, tables, rows, span int
		want                      string
	}{
		{"nested 100000 deep", 100000, 0, 0, 0, "嵌套"},
		{"nested as deep as allowed", int(limit.Default.Depth), 0, 0, 0, ""},
		{"many tables near the area cap", 0, 100, 500, 500, "单元格"},
		{"too many tables", 0, 20000, 1, 2, "表格"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			data := pack(t, tablesBody(tt.depth, tt.tables, tt.rows, tt.span))
			limittest.Read(t, len(data), tt.want, func() error { return readUnder(data, limit.Limits{}) })
		})
	}
}

// FuzzTables: documents of nested and large tables of any shape read
// under tight limits stop with a reason or read.
func FuzzTables(f *testing.F) {
	f.Add(uint16(100), uint16(0), uint16(0), uint16(0))
	f.Add(uint16(3), uint16(10), uint16(50), uint16(400))
	f.Add(uint16(0), uint16(3000), uint16(1), uint16(2))
	f.Fuzz(func(t *testing.T, depth, tables, rows, span uint16) {
		data := pack(t, tablesBody(int(depth), int(tables%3000), int(rows%500), int(span)))
		err := readUnder(data, limit.Limits{Cells: 200_000, Tables: 1000, Time: 2 * time.Second})
		limittest.Reason(t, err)
	})
}
