package web

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"

	"nianbao"
)

// codeStatus maps nianbao's error codes to HTTP statuses: the one place the
// service's failures become HTTP.
var codeStatus = map[string]int{
	nianbao.EINVALID:      http.StatusUnprocessableEntity,
	nianbao.ENOTREPORT:    http.StatusUnprocessableEntity,
	nianbao.EUNSUPPORTED:  http.StatusUnsupportedMediaType,
	nianbao.ETOOLARGE:     http.StatusRequestEntityTooLarge,
	nianbao.ENOTFOUND:     http.StatusNotFound,
	nianbao.EUNAUTHORIZED: http.StatusUnauthorized,
	nianbao.EFORBIDDEN:    http.StatusForbidden,
	nianbao.ETHROTTLED:    http.StatusTooManyRequests,
	nianbao.EUNAVAILABLE:  http.StatusServiceUnavailable,
	codeMethod:            http.StatusMethodNotAllowed,
	nianbao.EINTERNAL:     http.StatusInternalServerError,
}

// codeMethod is the code of a request whose path exists but not for its
// method: an HTTP matter, so it is the web package's own.
const codeMethod = "method_not_allowed"

// errorStatus returns the HTTP status for err.
func errorStatus(err error) int {
	if st, ok := codeStatus[nianbao.ErrorCode(err)]; ok {
		return st
	}
	return http.StatusInternalServerError
}

var errNoRoute = nianbao.Errorf(nianbao.ENOTFOUND, "没有这个页面")

// errorMessage is err's message for a person: the service's own Chinese
// message, or a plain one for internal failures, whose details go to the log.
func errorMessage(err error) string {
	if nianbao.ErrorCode(err) == nianbao.EINTERNAL {
		if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
			return "请求已取消或超时"
		}
		return "服务器内部错误，请稍后再试"
	}
	return nianbao.ErrorMessage(err)
}

// apiErrorJSON is the body of every JSON error.
type apiErrorJSON struct {
	Error   string `json:"error"`   // a nianbao error code, e.g. "not_found"
	Message string `json:"message"` // in Chinese
}

func (s *Server) logError(r *http.Request, err error) {
	if errorStatus(err) >= 500 {
		s.log.Error("request failed", "method", r.Method, "path", r.URL.Path, "err", err)
	}
}

// apiError writes err as {"error": code, "message": …} with its status.
func (s *Server) apiError(w http.ResponseWriter, r *http.Request, err error) {
	s.logError(r, err)
	writeJSON(w, errorStatus(err), apiErrorJSON{Error: nianbao.ErrorCode(err), Message: errorMessage(err)})
}

// pageError writes err as an HTML page with its status.
func (s *Server) pageError(w http.ResponseWriter, r *http.Request, err error) {
	s.logError(r, err)
	status := errorStatus(err)
	s.render(w, r, status, "error", &errorPage{
		page:    page{Title: statusTitle(status)},
		Status:  status,
		Code:    nianbao.ErrorCode(err),
		Message: errorMessage(err),
	})
}

type errorPage struct {
	page
	Status  int
	Code    string
	Message string
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.Encode(v)
}

// statusTitle names an HTTP status in Chinese for the error page.
func statusTitle(status int) string {
	switch status {
	case http.StatusNotFound:
		return "未找到"
	case http.StatusUnprocessableEntity:
		return "无法处理"
	case http.StatusUnsupportedMediaType:
		return "格式不支持"
	case http.StatusBadRequest:
		return "请求有误"
	case http.StatusUnauthorized:
		return "需要登录"
	case http.StatusForbidden:
		return "拒绝访问"
	case http.StatusTooManyRequests:
		return "尝试过于频繁"
	case http.StatusMethodNotAllowed:
		return "不支持的请求方法"
	case http.StatusRequestEntityTooLarge:
		return "文件过大"
	case http.StatusServiceUnavailable:
		return "服务器正忙"
	}
	return "服务器错误"
}
