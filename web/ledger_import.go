package web

import (
	"encoding/base64"
	"fmt"
	"io"
	"net/http"
	"strconv"

	"nianbao"
	"nianbao/register"
)

type importPage struct {
	page
	Body      *nianbao.Body
	Name      string // the file's name
	Data      string // the file, base64, carried by the preview's form
	Headers   []string
	Mapping   map[register.Field]int
	Fields    []register.Field
	Channel   string
	Appl      string
	Rows      []importRow
	Good      int
	Bad       int
	Skipped   int
	Error     string
	Previewed bool
	rows      []register.Row // as read and checked
}

// importRow is a row of the preview.
type importRow struct {
	register.Row
	Received  string
	Applicant string
	Subject   string
	Outcome   string
}

// handleImportPage serves GET /ledger/bodies/{body}/import: the upload form.
func (s *Server) handleImportPage(w http.ResponseWriter, r *http.Request) {
	b, err := s.findBody(r)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "ledger_import", &importPage{page: page{Title: "导入台账 · " + b.Name, Nav: "ledger"}, Body: b, Fields: register.Fields})
}

// handleImportPreview serves POST /ledger/bodies/{body}/import: the file
// read, its columns guessed, every row checked; nothing stored yet.
func (s *Server) handleImportPreview(w http.ResponseWriter, r *http.Request) {
	b, err := s.findBody(r)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	p := &importPage{page: page{Title: "导入台账 · " + b.Name, Nav: "ledger"}, Body: b, Fields: register.Fields}
	if err := s.parseForm(w, r); err != nil {
		p.Error = errorMessage(err)
		s.render(w, r, errorStatus(err), "ledger_import", p)
		return
	}
	fh := r.MultipartForm.File["file"]
	if len(fh) == 0 {
		p.Error = "请选择要导入的 Excel 或 CSV 文件"
		s.render(w, r, http.StatusUnprocessableEntity, "ledger_import", p)
		return
	}
	f, err := fh[0].Open()
	if err == nil {
		var data []byte
		data, err = io.ReadAll(f)
		f.Close()
		p.Name, p.Data = fh[0].Filename, base64.StdEncoding.EncodeToString(data)
	}
	if err != nil {
		p.Error = "文件未完整收到"
		s.render(w, r, http.StatusUnprocessableEntity, "ledger_import", p)
		return
	}
	p.Channel, p.Appl = r.FormValue("default_channel"), r.FormValue("default_applicant")
	status := s.preview(r, p, nil)
	s.render(w, r, status, "ledger_import", p)
}

// preview reads p's file by mapping (guessed when nil) and checks its rows.
func (s *Server) preview(r *http.Request, p *importPage, mapping register.Mapping) int {
	data, err := base64.StdEncoding.DecodeString(p.Data)
	if err != nil {
		p.Error = "文件数据已损坏，请重新上传"
		return http.StatusUnprocessableEntity
	}
	sheet, err := register.Read(p.Name, data)
	if err != nil {
		p.Error = errorMessage(err)
		return errorStatus(err)
	}
	p.Headers, p.Previewed = sheet.Headers, true
	if mapping == nil {
		mapping = register.Guess(sheet.Headers)
	}
	p.Mapping = mapping
	d := register.Defaults{Channel: nianbao.Channel(p.Channel)}
	if c, ok := nianbao.ColumnByKey(p.Appl); ok {
		d.Applicant = &c
	}
	rows := register.Convert(sheet, mapping, d)
	reqs := register.Requests(rows)
	errs, err := s.opt.Ledger.VerifyRequests(r.Context(), p.Body.Key, reqs)
	if err != nil {
		p.Error = errorMessage(err)
		return errorStatus(err)
	}
	register.Refuse(rows, errs)
	p.rows = rows
	p.Good, p.Bad, p.Skipped = register.Counts(rows)
	for _, row := range rows {
		v := importRow{Row: row}
		if req := row.Request; req != nil {
			rec := req.Received()
			v.Received, v.Applicant, v.Subject = req.Clock.Received.String(), rec.Applicant.Label(), rec.Subject
			switch {
			case req.Clock.Withdrawn:
				v.Outcome = "撤回"
			case req.Clock.State == nianbao.StateConcluded:
				v.Outcome = req.Clock.Outcome.RowLabel()
			default:
				v.Outcome = req.Clock.State.Label()
			}
		}
		p.Rows = append(p.Rows, v)
	}
	return http.StatusOK
}

// handleImportConfirm serves POST /ledger/bodies/{body}/import/confirm:
// the file read again by the mapping of the preview's form; stored when
// no row fails, or its good rows when the person chose them.
func (s *Server) handleImportConfirm(w http.ResponseWriter, r *http.Request) {
	b, err := s.findBody(r)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	if err := s.parseForm(w, r); err != nil {
		s.pageError(w, r, err)
		return
	}
	p := &importPage{page: page{Title: "导入台账 · " + b.Name, Nav: "ledger"}, Body: b, Fields: register.Fields,
		Name: r.FormValue("name"), Data: r.FormValue("data"), Channel: r.FormValue("default_channel"), Appl: r.FormValue("default_applicant")}
	mapping := register.Mapping{}
	for _, f := range register.Fields {
		if v := r.FormValue("map_" + string(f)); v != "" {
			col, err := strconv.Atoi(v)
			if err != nil || col < 0 {
				s.pageError(w, r, nianbao.Errorf(nianbao.EINVALID, "列的对应有误：%s", v))
				return
			}
			mapping[f] = col
		}
	}
	if status := s.preview(r, p, mapping); status != http.StatusOK {
		s.render(w, r, status, "ledger_import", p)
		return
	}
	mode := r.FormValue("store")
	switch {
	case mode == "" || mode == "preview":
		s.render(w, r, http.StatusOK, "ledger_import", p)
		return
	case p.Bad > 0 && mode != "good":
		p.Error = fmt.Sprintf("文件中有 %d 行有误，未导入任何一行：请改正文件后重新上传，或选择只导入无误的 %d 行。", p.Bad, p.Good)
		s.render(w, r, http.StatusUnprocessableEntity, "ledger_import", p)
		return
	case p.Good == 0:
		p.Error = "没有可以导入的行"
		s.render(w, r, http.StatusUnprocessableEntity, "ledger_import", p)
		return
	}
	good := register.Requests(p.rows)
	if err := s.opt.Ledger.ImportRequests(r.Context(), b.Key, good); err != nil {
		p.Error = errorMessage(err)
		s.render(w, r, errorStatus(err), "ledger_import", p)
		return
	}
	http.Redirect(w, r, fmt.Sprintf("%s?imported=%d", bodyURL(b.Key), len(good)), http.StatusSeeOther)
}
