package match

import (
	"testing"

	"nianbao"
)

// TestActiveFormat: table 二 is in the other format only when its own
// headers say one format and table 三 or the year the other.
func TestActiveFormat(t *testing.T) {
	const (
		t2of2019 = "信息内容 本年新制作数量 本年新公开数量 对外公开总数量"
		t2of2021 = "信息内容 本年制发件数 本年废止件数 现行有效件数"
		t3of2021 = "1.申请人无正当理由逾期不补正"
		t3plain  = "（六）其他处理"
	)
	for _, tc := range []struct {
		name      string
		t2, t3    string
		year      int
		printed   nianbao.Template
		wantMixed bool
	}{
		{"2019 二 above a 2021 三", t2of2019, t3of2021, 2022, nianbao.Format2019, true},
		{"2019 throughout, kept in 2022", t2of2019, t3plain, 2022, nianbao.Format2019, false},
		{"2021 二 in a 2020 report", t2of2021, t3plain, 2020, nianbao.Format2021, true},
		{"2021 二 with a merged 三 in 2023", t2of2021, t3plain, 2023, nianbao.Format2021, false},
		{"2021 throughout", t2of2021, t3of2021, 2023, nianbao.Format2021, false},
		{"prose quoting both formats", t2of2021 + " 本年新公开政府信息", t3of2021, 2023, "", false},
	} {
		n2, n3 := borrowNormText(tc.t2), borrowNormText(tc.t3)
		printed, mixed := activeFormat(n2, n3, tc.year)
		n2.release()
		n3.release()
		if printed != tc.printed || mixed != tc.wantMixed {
			t.Errorf("%s: table 二 printed %q, mixed %v; want %q, %v", tc.name, printed, mixed, tc.printed, tc.wantMixed)
		}
	}
}
