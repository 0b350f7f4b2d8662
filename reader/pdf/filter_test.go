package pdf

import (
	"bytes"
	"compress/lzw"
	"encoding/ascii85"
	"encoding/hex"
	"testing"

	"nianbao/reader/internal/limit"
)

// TestFilters decodes each filter's encoding of the same data, made with
// Go's own encoders where it has them.
func TestFilters(t *testing.T) {
	plain := bytes.Repeat([]byte("政府信息公开 0123456789 abcabcabc "), 40)
	var l bytes.Buffer
	w := lzw.NewWriter(&l, lzw.MSB, 8)
	w.Write(plain)
	w.Close()
	a85 := make([]byte, ascii85.MaxEncodedLen(len(plain)))
	a85 = a85[:ascii85.Encode(a85, plain)]
	// RunLength: a literal run of 3 and a repeat of 4, then EOD.
	rl := []byte{2, 'a', 'b', 'c', 256 - 3, 'z', 128}
	f := &file{bud: limit.New(limit.Limits{})}
	for _, tt := range []struct {
		name   string
		filter string
		data   []byte
		want   []byte
	}{
		{"lzw", "/LZWDecode/DecodeParms<</EarlyChange 0>>", l.Bytes(), plain},
		{"ascii85", "/ASCII85Decode", append(a85, '~', '>'), plain},
		{"asciihex", "/ASCIIHexDecode", []byte(hex.EncodeToString(plain) + ">"), plain},
		{"runlength", "/RunLengthDecode", rl, []byte("abczzzz")},
	} {
		t.Run(tt.name, func(t *testing.T) {
			l := &lexer{b: []byte("<</Filter" + tt.filter + ">>")}
			d, _ := l.object(0)
			got, err := f.decode(&Stream{Dict: d.(Dict), raw: tt.data})
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, tt.want) {
				t.Errorf("decoded %q; want %q", got, tt.want)
			}
		})
	}
}

// TestPNGPredictor undoes the PNG predictors an xref stream uses.
func TestPNGPredictor(t *testing.T) {
	rows := [][]byte{{1, 0, 10}, {1, 0, 20}, {2, 1, 30}}
	// Row 1: None; row 2: Sub; row 3: Up; row 4: Paeth.
	enc := []byte{0, 1, 0, 10}
	enc = append(enc, 1, 1, 0xff, 20) // Sub: 1, 0-1, 20-0
	enc = append(enc, 2, 1, 1, 10)    // Up: 2-1, 1-0, 30-20
	enc = append(enc, 4, 0xfe, 0, 0)  // Paeth: predicted 2 (up), 0 (left), 30 (up)
	want := append(append(append(append([]byte(nil), rows[0]...), rows[1]...), rows[2]...), 0, 0, 30)
	f := &file{}
	got, err := predict(enc, f, Dict{"Predictor": 12, "Columns": 3})
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("got %v; want %v", got, want)
	}
}
