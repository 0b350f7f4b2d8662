package web

import (
	"bufio"
	"context"
	"encoding/json"
	"mime"
	"net/http"
	"strconv"
	"sync"
	"time"

	"nianbao"
)

// exportCell is one value of an export row.
type exportCell struct {
	Text   string
	Number bool // Text is a number (written as one in XLSX and JSON)
	Null   bool // nothing stated: JSON null
}

// exportMeta are the columns before the table cells.
var exportMeta = []string{"编号", "机关", "年度", "格式版本", "文件格式", "发布日期", "错误", "警告", "逾期发布", "文件名", "SHA-256", "导入时间"}

// exportHeader is the header row: the metadata, then every cell of both
// formats, named 表二·…, 表三·…·自然人, 表四·….
func exportHeader() []string {
	h := append([]string(nil), exportMeta...)
	for _, c := range nianbao.AllCells() {
		h = append(h, c.Heading)
	}
	return h
}

func num(n int64) exportCell { return exportCell{Text: strconv.FormatInt(n, 10), Number: true} }
func text(s string) exportCell {
	return exportCell{Text: s, Null: s == ""}
}

// exportColumns are the cells of the export's columns (AllCells) as
// each format has them, and where each column is found by its key: worked
// out once, so that a row looks up no cell by name.
var exportColumns = sync.OnceValue(func() (cols struct {
	of  map[nianbao.Template][]*nianbao.Cell // nil where the format has no such cell
	pos map[nianbao.CellKey]int
}) {
	cols.of, cols.pos = map[nianbao.Template][]*nianbao.Cell{}, map[nianbao.CellKey]int{}
	for _, t := range []nianbao.Template{nianbao.Format2019, nianbao.Format2021} {
		for _, c := range nianbao.AllCells() {
			var tc *nianbao.Cell
			if c, ok := t.Cell(c.Key); ok {
				tc = &c
			}
			cols.of[t] = append(cols.of[t], tc)
		}
	}
	for i, c := range nianbao.AllCells() {
		cols.pos[c.Key] = i
	}
	return cols
})

// exporter turns reports into export rows, reusing its buffers from row to row.
type exporter struct {
	stamp func(time.Time) string // a time as the exports write it (Server.stamp)
	row   []exportCell
	refs  []*nianbao.Provenance // by column: the cell's provenance, as Report.CellIndex has it
}

// exportRow is one report as a row: a cell's number, its mark ("/", "—"),
// or nothing for a blank or a cell the report's format does not have.
func (e *exporter) exportRow(sr *nianbao.StoredReport) []exportCell {
	rep := sr.Report
	out := e.row[:0]
	year := exportCell{Null: true}
	if rep.Year > 0 {
		year = num(int64(rep.Year))
	}
	late := "否"
	if sr.Late {
		late = "是"
	}
	imported := ""
	if !sr.ImportedAt.IsZero() {
		imported = e.stamp(sr.ImportedAt)
	}
	// Labels (PDF, 网页; 2021年版), as the pages name them, not the codes of the JSON.
	out = append(out, num(sr.ID), text(rep.Agency), year, text(templateLabel(rep.Template)), text(rep.Source.Format.Label()),
		text(rep.PublishedOn), num(int64(sr.Errors)), num(int64(sr.Warnings)), text(late),
		text(rep.Source.Name), text(rep.Source.SHA256), text(imported))
	cols := exportColumns()
	if e.refs == nil {
		e.refs = make([]*nianbao.Provenance, len(nianbao.AllCells()))
	}
	clear(e.refs)
	for i := range rep.Cells {
		if pos, ok := cols.pos[rep.Cells[i].CellKey]; ok {
			e.refs[pos] = &rep.Cells[i]
		}
	}
	of := cols.of[rep.Template]
	if of == nil {
		of = cols.of[nianbao.Format2021] // as Template.Cells takes any other
	}
	for i, c := range of {
		if c == nil {
			out = append(out, exportCell{Null: true})
			continue
		}
		var ref nianbao.Provenance
		if e.refs[i] != nil {
			ref = *e.refs[i]
		}
		p := nianbao.PrintedAs(rep.At(*c), ref, e.refs[i] != nil)
		switch {
		case p.Num.Valid():
			out = append(out, exportCell{Text: p.Text, Number: true})
		default:
			out = append(out, text(p.Text))
		}
	}
	e.row = out
	return out
}

// exportAll streams the rows of every report f selects: one query of the
// service, read as it goes. begin is called before the first row, or when
// the service answered and there is no row, so that a failure to start
// can still be a proper error page.
func (s *Server) exportAll(ctx context.Context, f nianbao.ReportFilter, begin func(), row func([]exportCell) error) error {
	e := exporter{stamp: s.stamp}
	started := false
	err := s.svc.ExportReports(ctx, f, func(sr *nianbao.StoredReport) error {
		if !started {
			started = true
			begin()
		}
		return row(e.exportRow(sr))
	})
	if err == nil && !started {
		begin()
	}
	return err
}

// attachment sets the headers of a download.
func attachment(w http.ResponseWriter, ctype, name string) {
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": name}))
}

// rowSource streams the rows of a download as r asks for them, calling
// begin before the first row (see exportAll); an error before begin is
// still an error page.
type rowSource func(r *http.Request, begin func(), row func([]exportCell) error) error

// reportRows is the rows of the reports the list's filter selects.
func (s *Server) reportRows(r *http.Request, begin func(), row func([]exportCell) error) error {
	lq, err := parsePublishedQuery(r.URL.Query())
	if err != nil {
		return err
	}
	return s.exportAll(r.Context(), lq.filter, begin, row)
}

// export runs a download: the rows of rows, written by begin, row and end.
func (s *Server) export(w http.ResponseWriter, r *http.Request, rows rowSource, begin func(), row func([]exportCell) error, end func() error) {
	started := false
	err := rows(r, func() { started = true; begin() }, row)
	if err == nil {
		err = end()
	}
	if err != nil {
		if !started {
			s.pageError(w, r, err)
			return
		}
		// The download has begun; all that can be done is to cut it short.
		s.log.Error("export failed", "path", r.URL.Path, "err", err)
		panic(http.ErrAbortHandler)
	}
}

// exportCSV writes rows as CSV: UTF-8 with a byte-order mark so that
// spreadsheet programs read the Chinese headers correctly.
func (s *Server) exportCSV(w http.ResponseWriter, r *http.Request, name string, header []string, rows rowSource) {
	var cw *csvWriter
	var rec []string
	s.export(w, r, rows, func() {
		attachment(w, "text/csv; charset=utf-8", name)
		cw = newCSV(w)
		cw.Write(header)
	}, func(cells []exportCell) error {
		rec = rec[:0]
		for _, c := range cells {
			rec = append(rec, c.Text)
		}
		return cw.Write(rec)
	}, func() error {
		return cw.Flush()
	})
}

// exportXLSX writes rows as a workbook of one sheet.
func (s *Server) exportXLSX(w http.ResponseWriter, r *http.Request, name, sheet string, header []string, rows rowSource) {
	var x *xlsxWriter
	var err error
	s.export(w, r, rows, func() {
		attachment(w, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", name)
		if x, err = newXLSX(w, sheet); err != nil {
			return
		}
		head := make([]exportCell, 0, len(header))
		for _, h := range header {
			head = append(head, exportCell{Text: h})
		}
		err = x.Row(head, true)
	}, func(cells []exportCell) error {
		if err != nil {
			return err
		}
		return x.Row(cells, false)
	}, func() error {
		if err != nil {
			return err
		}
		return x.Close()
	})
}

// handleExportCSV serves GET /reports.csv.
func (s *Server) handleExportCSV(w http.ResponseWriter, r *http.Request) {
	s.exportCSV(w, r, "nianbao-reports.csv", exportHeader(), s.reportRows)
}

// handleExportXLSX serves GET /reports.xlsx.
func (s *Server) handleExportXLSX(w http.ResponseWriter, r *http.Request) {
	s.exportXLSX(w, r, "nianbao-reports.xlsx", "年报", exportHeader(), s.reportRows)
}

// handleExportJSON serves GET /reports.json: an array of objects whose keys
// are the CSV's headers, in the same order; numbers are numbers, marks are
// strings, blanks are null.
func (s *Server) handleExportJSON(w http.ResponseWriter, r *http.Request) {
	var bw *bufio.Writer
	var keys [][]byte
	n := 0
	s.export(w, r, s.reportRows, func() {
		attachment(w, "application/json; charset=utf-8", "nianbao-reports.json")
		bw = bufio.NewWriterSize(w, 64<<10)
		for _, h := range exportHeader() {
			k, _ := json.Marshal(h)
			keys = append(keys, k)
		}
		bw.WriteString("[")
	}, func(cells []exportCell) error {
		if n > 0 {
			bw.WriteString(",")
		}
		n++
		bw.WriteString("\n{")
		for i, c := range cells {
			if i > 0 {
				bw.WriteByte(',')
			}
			bw.Write(keys[i])
			bw.WriteByte(':')
			switch {
			case c.Number:
				bw.WriteString(c.Text)
			case c.Null:
				bw.WriteString("null")
			default:
				v, _ := json.Marshal(c.Text)
				bw.Write(v)
			}
		}
		_, err := bw.WriteString("}")
		return err
	}, func() error {
		bw.WriteString("\n]\n")
		return bw.Flush()
	})
}
