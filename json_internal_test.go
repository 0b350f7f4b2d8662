package nianbao

import (
	"bytes"
	"encoding/json"
	"math"
	"testing"
)

// FuzzJSONString holds the writer's strings to what json.Encoder writes
// with SetEscapeHTML(false), and the reader's to what json.Unmarshal reads:
// escapes, control characters, U+2028, invalid UTF-8, surrogates.
func FuzzJSONString(f *testing.F) {
	for _, s := range []string{"", "abc", "\"\\/\x00\x1f\x7f\t\n", "\u2028\u2029\u2027", "中文“引号”…　", "\xff\xfe",
		"\xe2\x80", "\xed\xa0\x80", "\xf4\x90\x80\x80", "\xe0\x80\xaf", "😀\xf0\x9f", `\u00e9\ud83d\ude00\ud800\udc00\ud800x\u0000\/`, `\q`, `\u12`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		w := appendString(nil, s)
		var want bytes.Buffer
		enc := json.NewEncoder(&want)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(s); err != nil {
			t.Fatal(err)
		}
		if got := string(w) + "\n"; got != want.String() {
			t.Fatalf("wrote %q; encoding/json writes %q", got, want.String())
		}

		// s as the inside of a JSON string, escapes and all.
		lit := []byte(`"` + s + `"`)
		d := jsonReader{data: lit}
		got := d.stringBytes()
		ok := d.err == nil && d.i == len(lit)
		var ref string
		err := json.Unmarshal(lit, &ref)
		if ok != (err == nil) {
			t.Fatalf("read %q: %v; encoding/json: %v", lit, d.err, err)
		}
		if ok && string(got) != ref {
			t.Fatalf("read %q as %q; encoding/json reads %q", lit, got, ref)
		}
	})
}

// FuzzJSONFloat holds the writer's numbers of boxes to encoding/json's.
func FuzzJSONFloat(f *testing.F) {
	for _, x := range []float64{0, math.Copysign(0, -1), 1e-7, 1e-6, 1e20, 1e21, 123.456, 5e-324, math.MaxFloat64, -309.73} {
		f.Add(x)
	}
	f.Fuzz(func(t *testing.T, x float64) {
		r := Report{Cells: []Provenance{{Pos: Pos{Box: &[4]float64{x}}}}}
		_, werr := r.AppendJSON(nil)
		want, err := json.Marshal(x)
		if (err == nil) != (werr == nil) {
			t.Fatalf("%v: error %v; encoding/json: %v", x, werr, err)
		}
		if got := appendFloat(nil, x); err == nil && string(got) != string(want) {
			t.Fatalf("wrote %s; encoding/json writes %s", got, want)
		}
	})
}
