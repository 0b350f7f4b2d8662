package limit

import (
	"strings"
	"testing"

	"nianbao"
)

// TestRecover: a limit reached is an ETOOLARGE error naming the limit;
// any other panic goes on.
func TestRecover(t *testing.T) {
	read := func(charge func(*Budget)) (err error) {
		defer Recover(&err)
		charge(New(Limits{Text: 10, Depth: 2}))
		return nil
	}
	for _, tt := range []struct {
		name   string
		charge func(*Budget)
		want   string
	}{
		{"text", func(b *Budget) { b.Text(6); b.Text(5) }, "文字不超过 10 字节"},
		{"depth", func(b *Budget) { b.Depth(2); b.Depth(3) }, "表格嵌套不超过 2 层"},
		{"stream", func(b *Budget) { b.Stream(int(Default.Stream) + 1) }, "单个数据流解压后不超过 64 MB"},
		{"decoded", func(b *Budget) {
			for range 5 {
				b.Stream(int(Default.Stream))
			}
		}, "解压后的数据不超过 256 MB"},
		{"within", func(b *Budget) { b.Text(10); b.Depth(2); b.Cells(1000) }, ""},
	} {
		err := read(tt.charge)
		if tt.want == "" {
			if err != nil {
				t.Errorf("%s: %v", tt.name, err)
			}
			continue
		}
		if nianbao.ErrorCode(err) != nianbao.ETOOLARGE || !strings.Contains(nianbao.ErrorMessage(err), tt.want) {
			t.Errorf("%s: %v, want ETOOLARGE saying %q", tt.name, err, tt.want)
		}
	}
	defer func() {
		if r := recover(); r != "bug" {
			t.Errorf("recovered %v, want the panic to go on", r)
		}
	}()
	read(func(*Budget) { panic("bug") })
}
