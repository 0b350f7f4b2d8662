package pdf

import (
	"bytes"
	"compress/flate"
	"compress/zlib"
	"errors"
	"io"
)

var (
	errTruncated = errors.New("the file ends inside a stream")
	errFilter    = errors.New("unsupported stream filter")
	errTooLarge  = errors.New("stream too large")
)

// decode returns a stream's data, decrypted and with its filters undone.
// Image filters (DCT, JPX, CCITT, JBIG2) are left in place: nothing here
// reads image data.
func (f *file) decode(s *Stream) ([]byte, error) {
	data := s.raw
	filters, parms := f.filters(s.Dict)
	if f.crypt != nil && s.Dict["Type"] != Name("XRef") {
		m := f.crypt.stm
		if len(filters) > 0 && filters[0] == "Crypt" {
			m = f.crypt.filterFor[f.name(f.dict(parms[0])["Name"])]
			if f.name(f.dict(parms[0])["Name"]) == "" {
				m = cryptNone
			}
			filters, parms = filters[1:], parms[1:]
		}
		if s.ref.Num != f.crypt.encDict {
			data = f.crypt.decrypt(data, s.ref, m)
		}
	}
	for i, name := range filters {
		var err error
		p := f.dict(parms[i])
		switch name {
		case "FlateDecode", "Fl":
			data, err = f.inflate(data)
			if err == nil {
				data, err = predict(data, f, p)
			}
		case "LZWDecode", "LZW":
			early := 1
			if v, ok := f.integer(p["EarlyChange"]); ok {
				early = v
			}
			data, err = lzwDecode(data, early != 0, f.limit())
			if err == nil {
				data, err = predict(data, f, p)
			}
		case "ASCIIHexDecode", "AHx":
			l := &lexer{b: data}
			data = []byte(l.hex())
		case "ASCII85Decode", "A85":
			data, err = decodeASCII85(data, f.limit())
		case "RunLengthDecode", "RL":
			data, err = runLength(data, f.limit())
		case "Crypt":
		default:
			return data, errFilter
		}
		if err == errTooLarge {
			f.bud.Stream(f.limit() + 1) // past a limit: stops the reading
		}
		if err != nil {
			return data, err
		}
		f.bud.Stream(len(data))
	}
	if s.truncated {
		return data, errTruncated
	}
	return data, nil
}

// limit is how much one filter may produce: a stream's cap or what is left
// of the file's budget. Every filter stops there as it produces, so that no
// chain of them (RunLength after Flate multiplies by 128 twice) ever holds
// more, and decode charges what each one made.
func (f *file) limit() int { return f.bud.StreamLeft() }

func (f *file) filters(d Dict) ([]Name, []any) {
	var names []Name
	var parms []any
	switch v := f.resolve(d["Filter"]).(type) {
	case Name:
		names = []Name{v}
		parms = []any{f.resolve(d["DecodeParms"])}
	case Array:
		dp := f.array(d["DecodeParms"])
		for i, x := range v {
			names = append(names, f.name(x))
			var p any
			if i < len(dp) {
				p = dp[i]
			}
			parms = append(parms, p)
		}
	}
	return names, parms
}

// inflate undoes FlateDecode, keeping what decodes of a damaged stream.
func (f *file) inflate(data []byte) ([]byte, error) {
	limit := f.limit() + 1
	var r io.Reader
	zr, err := zlib.NewReader(bytes.NewReader(data))
	if err == nil {
		r = zr
	} else {
		// A raw deflate stream without the zlib header.
		r = flate.NewReader(bytes.NewReader(data))
	}
	var buf bytes.Buffer
	buf.Grow(min(len(data)*4, limit))
	_, err = io.Copy(&buf, io.LimitReader(r, int64(limit)))
	if buf.Len() >= limit {
		return nil, errTooLarge
	}
	if err != nil && buf.Len() == 0 {
		return nil, err
	}
	return buf.Bytes(), nil
}

// predict undoes TIFF and PNG predictors.
func predict(data []byte, f *file, p Dict) ([]byte, error) {
	if p == nil {
		return data, nil
	}
	pred, _ := f.integer(p["Predictor"])
	if pred < 2 {
		return data, nil
	}
	colors, bpc, cols := 1, 8, 1
	if v, ok := f.integer(p["Colors"]); ok && v > 0 && v <= 32 {
		colors = v
	}
	if v, ok := f.integer(p["BitsPerComponent"]); ok && v > 0 && v <= 16 {
		bpc = v
	}
	if v, ok := f.integer(p["Columns"]); ok && v > 0 && v <= 1<<20 {
		cols = v
	}
	bpp := max(1, colors*bpc/8)
	rowLen := (colors*bpc*cols + 7) / 8
	if rowLen > len(data) {
		return data, nil
	}
	if pred == 2 {
		if bpc != 8 {
			return data, nil
		}
		out := append([]byte(nil), data...)
		for r := 0; r+rowLen <= len(out); r += rowLen {
			for i := bpp; i < rowLen; i++ {
				out[r+i] += out[r+i-bpp]
			}
		}
		return out, nil
	}
	out := make([]byte, 0, len(data))
	prev := make([]byte, rowLen)
	for p := 0; p < len(data); p += rowLen + 1 {
		typ := data[p]
		end := min(p+1+rowLen, len(data))
		row := make([]byte, rowLen)
		copy(row, data[p+1:end])
		for i := 0; i < rowLen; i++ {
			var left, upLeft byte
			if i >= bpp {
				left, upLeft = row[i-bpp], prev[i-bpp]
			}
			up := prev[i]
			switch typ {
			case 1:
				row[i] += left
			case 2:
				row[i] += up
			case 3:
				row[i] += byte((int(left) + int(up)) / 2)
			case 4:
				row[i] += paeth(left, up, upLeft)
			}
		}
		out = append(out, row[:end-p-1]...)
		prev = row
	}
	return out, nil
}

func paeth(a, b, c byte) byte {
	p := int(a) + int(b) - int(c)
	pa, pb, pc := abs(p-int(a)), abs(p-int(b)), abs(p-int(c))
	switch {
	case pa <= pb && pa <= pc:
		return a
	case pb <= pc:
		return b
	}
	return c
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

func decodeASCII85(data []byte, limit int) ([]byte, error) {
	var out []byte
	var tuple uint32
	n := 0
	for i := 0; i < len(data); i++ {
		if len(out) > limit { // 'z' makes four bytes of one
			return nil, errTooLarge
		}
		c := data[i]
		switch {
		case c == '~':
			i = len(data)
			continue
		case isWhite(c):
			continue
		case c == 'z' && n == 0:
			out = append(out, 0, 0, 0, 0)
			continue
		case c < '!' || c > 'u':
			continue
		}
		tuple = tuple*85 + uint32(c-'!')
		n++
		if n == 5 {
			out = append(out, byte(tuple>>24), byte(tuple>>16), byte(tuple>>8), byte(tuple))
			tuple, n = 0, 0
		}
	}
	if n > 1 {
		for k := n; k < 5; k++ {
			tuple = tuple*85 + 84
		}
		b := []byte{byte(tuple >> 24), byte(tuple >> 16), byte(tuple >> 8), byte(tuple)}
		out = append(out, b[:n-1]...)
	}
	return out, nil
}

func runLength(data []byte, limit int) ([]byte, error) {
	var out []byte
	for i := 0; i < len(data); {
		n := int(data[i])
		i++
		switch {
		case n == 128:
			return out, nil
		case n < 128:
			end := min(i+n+1, len(data))
			out = append(out, data[i:end]...)
			i = end
		default:
			if i < len(data) {
				for range 257 - n {
					out = append(out, data[i])
				}
				i++
			}
		}
		if len(out) > limit {
			return nil, errTooLarge
		}
	}
	return out, nil
}

// lzwDecode undoes LZWDecode (PDF's variant: MSB first, 9–12 bit codes,
// early change by default).
func lzwDecode(data []byte, early bool, limit int) ([]byte, error) {
	var out []byte
	table := make([][]byte, 258, 4096)
	for i := range 256 {
		table[i] = []byte{byte(i)}
	}
	width := 9
	var bitBuf uint32
	bits := 0
	var prev []byte
	e := 0
	if early {
		e = 1
	}
	for p := 0; ; {
		for bits < width && p < len(data) {
			bitBuf = bitBuf<<8 | uint32(data[p])
			bits += 8
			p++
		}
		if bits < width {
			break
		}
		code := int(bitBuf>>(bits-width)) & (1<<width - 1)
		bits -= width
		switch {
		case code == 256:
			table = table[:258]
			width = 9
			prev = nil
			continue
		case code == 257:
			return out, nil
		}
		var entry []byte
		switch {
		case code < len(table):
			entry = table[code]
		case code == len(table) && prev != nil:
			entry = append(append([]byte(nil), prev...), prev[0])
		default:
			return out, nil
		}
		out = append(out, entry...)
		if len(out) > limit {
			return nil, errTooLarge
		}
		if prev != nil && len(table) < 4096 {
			table = append(table, append(append([]byte(nil), prev...), entry[0]))
		}
		prev = entry
		if len(table)+e >= 1<<width && width < 12 {
			width++
		}
	}
	return out, nil
}
