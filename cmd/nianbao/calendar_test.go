package main

import (
	"strings"
	"testing"
)

func TestCalendarDue(t *testing.T) {
	code, out, errOut := run(t, "", "calendar", "due", "2026-09-18", "20")
	if code != 0 || errOut != "" {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	for _, want := range []string{"期限：2026年10月22日（星期四）（正式）", "第二百零一条", "国庆节 2026年10月1日至10月7日", "调休上班日2天", "content_7047091"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	code, out, _ = run(t, "", "calendar", "due", "2026-12-31", "20")
	if code != 0 || !strings.Contains(out, "期限：2027年1月29日（星期五）（暂定）") {
		t.Errorf("exit %d:\n%s", code, out)
	}
	for _, args := range [][]string{{"calendar"}, {"calendar", "due", "2026-02-30", "20"}, {"calendar", "due", "2026-09-18", "二十"}, {"calendar", "due", "2026-09-18"}, {"calendar", "x"}} {
		if code, _, errOut := run(t, "", args...); code != 2 || errOut == "" {
			t.Errorf("%v: exit %d, stderr %q", args, code, errOut)
		}
	}
}
