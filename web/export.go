package web

import (
	"bufio"
	"context"
	"encoding/csv"
	"encoding/json"
	"mime"
	"net/http"
	"strconv"
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

// exportRow is one report as a row: a cell's number, its mark ("/", "—"),
// or nothing for a blank or a cell the report's format does not have.
func exportRow(sr *nianbao.StoredReport, out []exportCell) []exportCell {
	rep := sr.Report
	out = out[:0]
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
		imported = sr.ImportedAt.UTC().Format(time.RFC3339)
	}
	out = append(out, num(sr.ID), text(rep.Agency), year, text(string(rep.Template)), text(string(rep.Source.Format)),
		text(rep.PublishedOn), num(int64(sr.Errors)), num(int64(sr.Warnings)), text(late),
		text(rep.Source.Name), text(rep.Source.SHA256), text(imported))
	idx := rep.CellIndex()
	for _, c := range nianbao.AllCells() {
		if !prints(rep.Template, c) {
			out = append(out, exportCell{Null: true})
			continue
		}
		p := rep.Printed(idx, c.Key)
		switch {
		case p.Num.Valid():
			out = append(out, exportCell{Text: p.Text, Number: true})
		default:
			out = append(out, text(p.Text))
		}
	}
	return out
}

const exportBatch = 500

// exportAll calls begin once the first page of the filtered list is in
// hand (so that a failure can still be a proper error), then row for every
// report of the list.
func (s *Server) exportAll(ctx context.Context, f nianbao.ReportFilter, begin func(total int), row func([]exportCell) error) error {
	f.Limit = exportBatch
	var cells []exportCell
	for off := 0; ; off += exportBatch {
		f.Offset = off
		reports, total, err := s.svc.FindReports(ctx, f)
		if err != nil {
			return err
		}
		if off == 0 {
			begin(total)
		}
		for _, light := range reports {
			// List rows carry only what the list shows; a row of the
			// export has every cell.
			sr, err := s.svc.FindReport(ctx, light.ID)
			if err != nil {
				return err
			}
			cells = exportRow(sr, cells)
			if err := row(cells); err != nil {
				return err
			}
		}
		if len(reports) < exportBatch || off+len(reports) >= total {
			return nil
		}
	}
}

// attachment sets the headers of a download.
func attachment(w http.ResponseWriter, ctype, name string) {
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": name}))
}

// export runs a download: the filter from the query, then the rows.
func (s *Server) export(w http.ResponseWriter, r *http.Request, begin func(), row func([]exportCell) error, end func() error) {
	lq, err := parseListQuery(r.URL.Query())
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	started := false
	err = s.exportAll(r.Context(), lq.filter, func(int) { started = true; begin() }, row)
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

// handleExportCSV serves GET /reports.csv: UTF-8 with a byte-order mark so
// that spreadsheet programs read the Chinese headers correctly.
func (s *Server) handleExportCSV(w http.ResponseWriter, r *http.Request) {
	var cw *csv.Writer
	var rec []string
	s.export(w, r, func() {
		attachment(w, "text/csv; charset=utf-8", "nianbao-reports.csv")
		w.Write([]byte("\uFEFF"))
		cw = csv.NewWriter(w)
		cw.Write(exportHeader())
	}, func(cells []exportCell) error {
		rec = rec[:0]
		for _, c := range cells {
			rec = append(rec, c.Text)
		}
		return cw.Write(rec)
	}, func() error {
		cw.Flush()
		return cw.Error()
	})
}

// handleExportXLSX serves GET /reports.xlsx.
func (s *Server) handleExportXLSX(w http.ResponseWriter, r *http.Request) {
	var x *xlsxWriter
	var err error
	s.export(w, r, func() {
		attachment(w, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "nianbao-reports.xlsx")
		if x, err = newXLSX(w, "年报"); err != nil {
			return
		}
		head := make([]exportCell, 0, len(exportMeta)+len(nianbao.AllCells()))
		for _, h := range exportHeader() {
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

// handleExportJSON serves GET /reports.json: an array of objects whose keys
// are the CSV's headers, in the same order; numbers are numbers, marks are
// strings, blanks are null.
func (s *Server) handleExportJSON(w http.ResponseWriter, r *http.Request) {
	var bw *bufio.Writer
	var keys [][]byte
	n := 0
	s.export(w, r, func() {
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
