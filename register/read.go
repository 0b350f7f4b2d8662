// Package register reads and writes request registers as agencies keep
// them in spreadsheets: an Excel workbook (.xlsx, through excelize) or a
// CSV file, one request a row. Reading finds the header under any title
// rows (merged header cells joined: 申请人·类别), guesses which column
// holds what, and turns each row into a request's events, naming the row
// and the reason for every row it cannot read. Writing exports a register
// to XLSX with real dates, so that an export reads back as it was.
package register

import (
	"bytes"
	"encoding/csv"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"nianbao"
	"nianbao/internal/textenc"
)

// Sheet is a register as read from a file: the header's column names and
// the rows below it, each with its row number in the file.
type Sheet struct {
	Name       string
	Headers    []string
	HeaderRows []int // the file's row numbers the header took
	Rows       []Line
}

// Line is one row below the header: its number in the file (1-based, as
// Excel and a text editor count) and its cells' text. A date Excel stores
// as a serial number is its serial's text: DateCell reads both.
type Line struct {
	Number int
	Cells  []string
}

// Cell returns the text of column i, "" when the row is shorter.
func (l Line) Cell(i int) string {
	if i < 0 || i >= len(l.Cells) {
		return ""
	}
	return strings.TrimSpace(l.Cells[i])
}

// The limits of a register file.
const (
	maxRows = 200_000
	maxCols = 100
)

// Read reads a register from an XLSX or CSV file (by content, not by the
// name's extension): the first worksheet that holds anything, merged
// cells filled in. Errors are EINVALID in Chinese naming the file.
func Read(name string, data []byte) (*Sheet, error) {
	grid, err := Grid(name, data)
	if err != nil {
		return nil, err
	}
	s := &Sheet{Name: name}
	h := headerStart(grid)
	if h < 0 {
		return nil, nianbao.Errorf(nianbao.EINVALID, "%s: 找不到表头（至少两列有列名的一行）", name)
	}
	// The header goes on while its rows hold no date: a data row always
	// has its receipt date.
	last := h
	for last+1 < len(grid) && last-h < 2 && !blank(grid[last+1]) && !hasDate(grid[last+1]) {
		last++
	}
	width := 0
	for _, row := range grid[h:] {
		width = max(width, len(row))
	}
	width = min(width, maxCols)
	s.Headers = make([]string, width)
	for c := range width {
		var parts []string
		for r := h; r <= last; r++ {
			if v := cell(grid[r], c); v != "" && !slices.Contains(parts, v) {
				parts = append(parts, v)
			}
		}
		s.Headers[c] = strings.Join(parts, "·")
	}
	for r := h; r <= last; r++ {
		s.HeaderRows = append(s.HeaderRows, r+1)
	}
	for r := last + 1; r < len(grid); r++ {
		s.Rows = append(s.Rows, Line{Number: r + 1, Cells: grid[r][:min(len(grid[r]), width)]})
	}
	return s, nil
}

// Grid reads the cells of an XLSX or CSV file (by content, not by the
// name's extension) as Read does, before any header is looked for: the
// reading other tables kept in spreadsheets share (package roster's).
func Grid(name string, data []byte) ([][]string, error) {
	var grid [][]string
	var err error
	if bytes.HasPrefix(data, []byte("PK\x03\x04")) {
		grid, err = readXLSX(data)
	} else {
		grid, err = readCSV(data)
	}
	if err != nil {
		return nil, nianbao.Errorf(nianbao.EINVALID, "%s: %s", name, nianbao.ErrorMessage(err))
	}
	if len(grid) > maxRows {
		return nil, nianbao.Errorf(nianbao.EINVALID, "%s: 超过 %d 行，请分成几个文件导入", name, maxRows)
	}
	return grid, nil
}

func cell(row []string, c int) string {
	if c >= len(row) {
		return ""
	}
	return strings.Join(strings.Fields(row[c]), " ")
}

func blank(row []string) bool {
	for _, v := range row {
		if strings.TrimSpace(v) != "" {
			return false
		}
	}
	return true
}

// headerStart is the first row with two different names: rows above it
// are blank or titles (a title merged across the table repeats one text).
func headerStart(grid [][]string) int {
	for r, row := range grid {
		var first string
		for _, v := range row {
			v = strings.TrimSpace(v)
			if v == "" {
				continue
			}
			if first == "" {
				first = v
			} else if v != first {
				return r
			}
		}
	}
	return -1
}

func hasDate(row []string) bool {
	for _, v := range row {
		if d, err := DateCell(v); err == nil && d != 0 {
			return true
		}
	}
	return false
}

// DateCell reads a date cell as registers hold it: text in any form
// nianbao.ParseDate reads, a date and time (2026-09-18 10:30), or an Excel
// serial number (46283, 46283.5). Empty is no date.
func DateCell(s string) (nianbao.Date, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, nil
	}
	if i := strings.IndexAny(s, " T"); i > 0 {
		s = s[:i]
	}
	whole, _, _ := strings.Cut(s, ".")
	if n, err := strconv.Atoi(whole); err == nil && len(whole) == 5 && (whole == s || strings.Trim(s[len(whole)+1:], "0123456789") == "") {
		// Excel's serial days from 1899-12-30: 1927-05-18 (10000) to 2173-10-14 (99999).
		return nianbao.Date(n), nil
	}
	return nianbao.ParseDate(s)
}

// readXLSX reads the first worksheet with content as a grid of raw cell
// values (dates as serials), every merged cell's value in each position
// it covers.
func readXLSX(data []byte) ([][]string, error) {
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		return nil, nianbao.Errorf(nianbao.EINVALID, "不是可读取的 Excel 文件（%v）", err)
	}
	defer f.Close()
	for _, sheet := range f.GetSheetList() {
		if visible, _ := f.GetSheetVisible(sheet); !visible {
			continue
		}
		rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
		if err != nil {
			return nil, nianbao.Errorf(nianbao.EINVALID, "工作表“%s”无法读取（%v）", sheet, err)
		}
		if len(rows) == 0 {
			continue
		}
		merges, err := f.GetMergeCells(sheet)
		if err != nil {
			return nil, nianbao.Errorf(nianbao.EINVALID, "工作表“%s”的合并单元格无法读取（%v）", sheet, err)
		}
		for _, m := range merges {
			c0, r0, err1 := excelize.CellNameToCoordinates(m.GetStartAxis())
			c1, r1, err2 := excelize.CellNameToCoordinates(m.GetEndAxis())
			if err1 != nil || err2 != nil || c1 > maxCols || r1 > maxRows {
				continue
			}
			v := ""
			if r0 <= len(rows) && c0 <= len(rows[r0-1]) {
				v = rows[r0-1][c0-1]
			}
			for r := r0; r <= r1; r++ {
				for len(rows) < r {
					rows = append(rows, nil)
				}
				for len(rows[r-1]) < c1 {
					rows[r-1] = append(rows[r-1], "")
				}
				for c := c0; c <= c1; c++ {
					rows[r-1][c-1] = v
				}
			}
		}
		return rows, nil
	}
	return nil, nianbao.Errorf(nianbao.EINVALID, "工作簿中没有内容")
}

// readCSV reads a CSV file in UTF-8 (with or without its mark) or GB18030,
// as Excel saves one in China.
func readCSV(data []byte) ([][]string, error) {
	text, _, err := textenc.Decode(data)
	if err != nil {
		return nil, nianbao.Errorf(nianbao.EINVALID, "既不是 Excel 文件也不是 CSV 文本（%s）", nianbao.ErrorMessage(err))
	}
	r := csv.NewReader(strings.NewReader(text))
	r.FieldsPerRecord = -1
	r.LazyQuotes = true
	var out [][]string
	for {
		rec, err := r.Read()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, nianbao.Errorf(nianbao.EINVALID, "CSV 有误（%v）", err)
		}
		out = append(out, rec)
	}
}
