package nianbao

import "testing"

func TestParseNum(t *testing.T) {
	tests := []struct {
		in   string
		want string // canonical form, "" for not a number
	}{
		{"0", "0"},
		{"12", "12"},
		{" 7 ", "7"},
		{"１２３", "123"},
		{"3,119", "3119"},
		{"3，119", "3119"},
		{"1,234,567", "1234567"},
		{"7730.28", "7730.28"},
		{"96171.6", "96171.6"},
		{"0.5", "0.5"},
		{"0.05", "0.05"},
		{"0.00", "0.00"},
		{"-0.5", "-0.5"},
		{"-7730.28", "-7730.28"},
		{"+5", "5"},
		{"-18", "-18"},
		{"－18", "-18"},
		{"＋5", "5"},
		{"", ""},
		{"/", ""},
		{"—", ""},
		{"无", ""},
		{"-", ""},
		{"+", ""},
		{"007", ""},     // digits run together, not a number
		{"0000000", ""}, // ditto
		{"1,23", ""},    // not a thousands separator
		{"12,3456", ""},
		{",123", ""},
		{"1.", ""},
		{".5", ""},
		{"1.2.3", ""},
		{"12件", ""},
		{"1234567890123456789", ""}, // too many digits to hold exactly
	}
	for _, tt := range tests {
		n, ok := ParseNum(tt.in)
		if ok != (tt.want != "") || n.String() != tt.want {
			t.Errorf("ParseNum(%q) = %q, %v; want %q", tt.in, n.String(), ok, tt.want)
		}
	}
}

func TestNumArithmetic(t *testing.T) {
	a, _ := ParseNum("7730.28")
	b, _ := ParseNum("0.72")
	if got := a.Add(b).String(); got != "7731.00" {
		t.Errorf("7730.28+0.72 = %s", got)
	}
	if a.Add(b).Cmp(Int(7731)) != 0 {
		t.Error("7731.00 should equal 7731")
	}
	if Int(3).Add(Num{}).Valid() {
		t.Error("adding a blank must not give a number")
	}
	if v, ok := Int(5).Int64(); !ok || v != 5 {
		t.Error("Int64")
	}
	if _, ok := a.Int64(); ok {
		t.Error("7730.28 is not whole")
	}
	if !Int(-1).Negative() || Int(0).Negative() {
		t.Error("Negative")
	}
}

func FuzzParseNum(f *testing.F) {
	for _, s := range []string{"0", "3,119", "7730.28", "-18", "+5", "１２", "/", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, ok := ParseNum(s)
		if !ok {
			return
		}
		// The canonical form reads back as the same number.
		m, ok := ParseNum(n.String())
		if !ok || m.Cmp(n) != 0 || m.String() != n.String() {
			t.Fatalf("%q → %q → %q", s, n.String(), m.String())
		}
	})
}
