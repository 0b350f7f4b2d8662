package web

import (
	"net/http"

	"nianbao"
)

// handleCheckPage serves GET /check: a form to check a draft without
// saving it.
func (s *Server) handleCheckPage(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, "check", &page{Title: "核查草稿", Nav: "check"})
}

// handleCheck serves POST /check: the report page of one uploaded draft,
// read and audited (against the stored year before) and not stored.
func (s *Server) handleCheck(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, s.opt.Limits.MaxFileBytes+1<<20)
	file, hdr, err := r.FormFile("file")
	if err != nil {
		s.pageError(w, r, nianbao.Errorf(nianbao.EINVALID, "没有收到文件：请选择一个报告文件"))
		return
	}
	defer file.Close()
	data, err := s.readUploaded(file)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	release, err := s.readings.acquire(r.Context())
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	defer release()
	sr, err := s.svc.CheckReport(r.Context(), hdr.Filename, data)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	s.renderReport(w, r, sr, "check")
}
