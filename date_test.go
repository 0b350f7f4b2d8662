package nianbao

import (
	"math/rand/v2"
	"testing"
	"time"
)

// TestDateCivil: every day 1900–2200 converts to and from its civil date
// as package time does, with its weekday.
func TestDateCivil(t *testing.T) {
	first := MakeDate(1900, time.March, 1)
	if first != 61 {
		t.Errorf("1900-03-01 = %d; Excel's serial is 61", first)
	}
	for d, tm := first, time.Date(1900, time.March, 1, 0, 0, 0, 0, time.UTC); tm.Year() < 2200; d, tm = d+1, tm.AddDate(0, 0, 1) {
		y, m, day := d.Civil()
		if y != tm.Year() || m != tm.Month() || day != tm.Day() || d.Weekday() != tm.Weekday() || !d.Time().Equal(tm) {
			t.Fatalf("%d: %d-%d-%d %v; want %v", d, y, m, day, d.Weekday(), tm)
		}
		if back, ok := parseISO(tm.Format("2006-01-02")); !ok || back != d {
			t.Fatalf("parseISO(%s) = %d, %v; want %d", tm.Format("2006-01-02"), back, ok, d)
		}
	}
}

func TestParseDate(t *testing.T) {
	want := MakeDate(2026, time.September, 18)
	for _, s := range []string{"2026-09-18", "2026/9/18", "2026.9.18", "2026年9月18日", "20260918", " ２０２６－０９－１８ ", "2026-9-18"} {
		if d, err := ParseDate(s); err != nil || d != want {
			t.Errorf("ParseDate(%q) = %v, %v", s, d, err)
		}
	}
	for _, s := range []string{"", "2026-02-30", "26-9-18", "2026-13-01", "明天", "2026-09", "45918"} {
		if d, err := ParseDate(s); err == nil || ErrorCode(err) != EINVALID {
			t.Errorf("ParseDate(%q) = %v, %v; want EINVALID", s, d, err)
		}
	}
	if got := want.Label(); got != "2026年9月18日（星期五）" {
		t.Errorf("Label = %q", got)
	}
}

func TestDateText(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for range 1000 {
		d := Date(rng.IntN(80000) + 1)
		b, _ := d.MarshalText()
		var back Date
		if err := back.UnmarshalText(b); err != nil || back != d {
			t.Fatalf("%d → %s → %d, %v", d, b, back, err)
		}
	}
	var z Date
	if b, _ := z.MarshalText(); len(b) != 0 || z.String() != "" {
		t.Errorf("zero date writes %q", b)
	}
}
