// Package limittest checks, for the readers' tests, that a hostile file
// stops at the limit it reaches.
package limittest

import (
	"errors"
	"strings"
	"testing"
	"time"

	"nianbao"
)

// Read runs read on a file of size bytes, logs how long it took and what
// it answered, and checks that the answer is an ETOOLARGE error whose
// message says want, or no error when want is "".
func Read(t testing.TB, size int, want string, read func() error) {
	t.Helper()
	start := time.Now()
	err := read()
	t.Logf("%d bytes, %v: %v", size, time.Since(start).Round(time.Millisecond), err)
	if want == "" {
		if err != nil {
			t.Fatal(err)
		}
		return
	}
	if nianbao.ErrorCode(err) != nianbao.ETOOLARGE || !strings.Contains(nianbao.ErrorMessage(err), want) {
		t.Fatalf("got %v, want ETOOLARGE saying %s", err, want)
	}
}

// Reason fails when err is an error without a reason: what every reading,
// under any limits, must answer when it does not read.
func Reason(t testing.TB, err error) {
	t.Helper()
	var e *nianbao.Error
	if err != nil && (!errors.As(err, &e) || e.Message == "") {
		t.Fatalf("error without a reason: %v", err)
	}
}
