package nianbao

import (
	"errors"
	"fmt"
)

// Error codes, mapped to exit statuses and HTTP statuses at the edges.
const (
	EINVALID      = "invalid"      // the input is malformed
	ENOTREPORT    = "not_report"   // the input is readable but is not an annual report
	EUNSUPPORTED  = "unsupported"  // the format is known but cannot be read here
	ETOOLARGE     = "too_large"    // the input exceeds a limit set to keep the service up
	ENOTFOUND     = "not_found"    // a stored object does not exist
	EUNAUTHORIZED = "unauthorized" // the request needs an account: sign in, or send an API token
	EFORBIDDEN    = "forbidden"    // the request is refused (another site's page, an unknown host, a role that may not)
	ETHROTTLED    = "throttled"    // too many failed attempts; the same request may succeed after a wait
	EUNAVAILABLE  = "unavailable"  // the service is busy; the same request may succeed later
	EINTERNAL     = "internal"     // a bug or an environment failure
)

// Error is a failure to show to a person: Message is in Chinese and names
// what went wrong, never how the program works inside.
type Error struct {
	Code    string
	Message string
}

func (e *Error) Error() string { return e.Message }

// Errorf returns an *Error with the given code.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of err, EINTERNAL for errors that are not *Error.
func ErrorCode(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// ErrorMessage returns the human message of err.
func ErrorMessage(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Message
	}
	return "内部错误: " + err.Error()
}
