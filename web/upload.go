package web

import (
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"strings"

	"nianbao"
)

// uploadResult is one uploaded file's outcome in POST /api/reports.
type uploadResult struct {
	Name    string         `json:"name"`
	ID      int64          `json:"id,omitempty"`
	Created bool           `json:"created"`          // false when the same file was stored before
	Report  *reportSummary `json:"report,omitempty"` // the stored report, when the file was read
	Error   string         `json:"error,omitempty"`  // why the file was not stored, in Chinese
	Code    string         `json:"code,omitempty"`   // the error's code: not_report, unsupported, invalid, internal
	Status  int            `json:"-"`                // the HTTP status the error alone would have
	URL     string         `json:"url,omitempty"`    // the report's page
	Source  string         `json:"source,omitempty"` // the original file
}

var errNoFiles = nianbao.Errorf(nianbao.EINVALID, "没有收到文件：请以 multipart/form-data 上传，字段名为 file")

// receive stores every file of a multipart request's "file" fields, one at
// a time as they stream in; one bad file does not stop the others.
func (s *Server) receive(r *http.Request) ([]uploadResult, error) {
	mr, err := r.MultipartReader()
	if err != nil {
		return nil, errNoFiles
	}
	var out []uploadResult
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			if len(out) == 0 {
				return nil, nianbao.Errorf(nianbao.EINVALID, "上传的数据不完整或已损坏：请重新上传")
			}
			out = append(out, failed("（其余文件）", nianbao.Errorf(nianbao.EINVALID, "上传中断，其余文件未收到")))
			break
		}
		if part.FormName() != "file" {
			part.Close()
			continue
		}
		if len(out) == s.opt.Limits.MaxFiles {
			part.Close()
			out = append(out, failed("（其余文件）", nianbao.Errorf(nianbao.ETOOLARGE, "一次最多上传 %d 个文件，其余文件未收到：请分批上传", s.opt.Limits.MaxFiles)))
			break
		}
		out = append(out, s.receiveFile(r, part))
		part.Close()
	}
	if len(out) == 0 {
		return nil, errNoFiles
	}
	return out, nil
}

// readUploaded reads one uploaded file, refusing one over MaxFileBytes
// (and a request body over its cap) without reading further.
func (s *Server) readUploaded(f io.Reader) ([]byte, error) {
	max := s.opt.Limits.MaxFileBytes
	data, err := io.ReadAll(io.LimitReader(f, max+1))
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return nil, nianbao.Errorf(nianbao.ETOOLARGE, "上传的文件总量过大：请分批上传")
		}
		return nil, nianbao.Errorf(nianbao.EINVALID, "文件未完整收到：上传中断，请重新上传")
	}
	if int64(len(data)) > max {
		return nil, nianbao.Errorf(nianbao.ETOOLARGE, "文件超过 %d MB", max>>20)
	}
	return data, nil
}

func (s *Server) receiveFile(r *http.Request, part *multipart.Part) uploadResult {
	name := part.FileName()
	if name == "" {
		name = "未命名文件"
	}
	data, err := s.readUploaded(part)
	if err != nil {
		return failed(name, err)
	}
	release, err := s.readings.acquire(r.Context())
	if err != nil {
		return failed(name, err)
	}
	defer release()
	sr, created, err := s.svc.AddReport(r.Context(), name, data)
	if err != nil {
		s.logError(r, err)
		return failed(name, err)
	}
	sum := summarize(sr)
	return uploadResult{
		Name: name, ID: sr.ID, Created: created, Report: &sum,
		URL:    fmt.Sprintf("/reports/%d", sr.ID),
		Source: fmt.Sprintf("/api/reports/%d/source", sr.ID),
	}
}

func failed(name string, err error) uploadResult {
	return uploadResult{Name: name, Error: errorMessage(err), Code: nianbao.ErrorCode(err), Status: errorStatus(err)}
}

// uploadStatus is 200 when a file was stored; when none was, 422, or when
// every failure was the server's own 503 if it was busy, else 500.
func uploadStatus(results []uploadResult) int {
	status := http.StatusServiceUnavailable
	for _, r := range results {
		switch {
		case r.Error == "":
			return http.StatusOK
		case r.Status < 500:
			status = http.StatusUnprocessableEntity
		case r.Status != http.StatusServiceUnavailable && status == http.StatusServiceUnavailable:
			status = http.StatusInternalServerError
		}
	}
	return status
}

// apiUpload handles POST /api/reports: multipart field "file", one or more.
// The answer is a JSON array with one object per file, in order; status
// 200 when at least one file was stored, 422 when none was.
func (s *Server) apiUpload(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, s.maxUploadBytes())
	results, err := s.receive(r)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, uploadStatus(results), results)
}

// maxUploadBytes caps one upload request's body: MaxFiles files of at
// most MaxFileBytes, without letting the product grow past 1 GiB.
func (s *Server) maxUploadBytes() int64 {
	l := s.opt.Limits
	return min(int64(l.MaxFiles)*l.MaxFileBytes, max(l.MaxFileBytes, 1<<30))
}

type uploadPage struct {
	page
	Results []uploadResult
}

func (s *Server) handleUploadPage(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, "upload", &uploadPage{page: page{Title: "上传报告", Nav: "upload"}})
}

// handleUploadForm is the upload page without JavaScript: the form posts
// here and the page lists what became of each file.
func (s *Server) handleUploadForm(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, s.maxUploadBytes())
	results, err := s.receive(r)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	status := uploadStatus(results)
	if strings.Contains(r.Header.Get("Accept"), "application/json") {
		writeJSON(w, status, results)
		return
	}
	s.render(w, r, status, "upload", &uploadPage{page: page{Title: "上传报告", Nav: "upload"}, Results: results})
}
