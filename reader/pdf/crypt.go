package pdf

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/md5"
	"crypto/rc4"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/binary"
	"errors"
)

// The standard security handler (ISO 32000-2 §7.6.4), for the files that
// need no password to open: RC4 40–128 bit (V1, V2), AES-128 (V4) and
// AES-256 (V5, R5 and R6), tried with the empty user password and then the
// empty owner password.

type cryptMethod int

const (
	cryptNone cryptMethod = iota
	cryptRC4
	cryptAESV2
	cryptAESV3
)

type decrypter struct {
	key       []byte
	stm, str  cryptMethod
	encDict   int // object number of the /Encrypt dictionary, -1 if direct
	r         int
	filterFor map[Name]cryptMethod
}

var (
	errNeedPassword = errors.New("the file needs a password")
	errUnsupported  = errors.New("unsupported encryption")
)

var passwordPad = []byte{
	0x28, 0xBF, 0x4E, 0x5E, 0x4E, 0x75, 0x8A, 0x41, 0x64, 0x00, 0x4E, 0x56, 0xFF, 0xFA, 0x01, 0x08,
	0x2E, 0x2E, 0x00, 0xB6, 0xD0, 0x68, 0x3E, 0x80, 0x2F, 0x0C, 0xA9, 0xFE, 0x64, 0x53, 0x69, 0x7A,
}

// setupCrypt reads the trailer's /Encrypt and derives the file key.
func (f *file) setupCrypt() error {
	enc := f.trailer["Encrypt"]
	if enc == nil {
		return nil
	}
	d := f.dict(enc)
	if d == nil {
		return errUnsupported
	}
	if f.name(d["Filter"]) != "Standard" {
		return errUnsupported
	}
	dc := &decrypter{encDict: -1, filterFor: map[Name]cryptMethod{"Identity": cryptNone}}
	if r, ok := enc.(Ref); ok {
		dc.encDict = r.Num
	}
	v, _ := f.integer(d["V"])
	r, _ := f.integer(d["R"])
	dc.r = r
	o := []byte(str(f.resolve(d["O"])))
	u := []byte(str(f.resolve(d["U"])))
	p, _ := f.integer(d["P"])
	length := 40
	if n, ok := f.integer(d["Length"]); ok && n >= 40 && n <= 256 {
		length = n
	}
	encMeta := true
	if b, ok := f.resolve(d["EncryptMetadata"]).(bool); ok {
		encMeta = b
	}
	var id0 []byte
	if ids := f.array(f.trailer["ID"]); len(ids) > 0 {
		id0 = []byte(str(f.resolve(ids[0])))
	}
	switch v {
	case 1, 2:
		dc.stm, dc.str = cryptRC4, cryptRC4
	case 4, 5:
		cf := f.dict(d["CF"])
		for name, c := range cf {
			m := cryptNone
			switch f.name(f.dict(c)["CFM"]) {
			case "V2":
				m = cryptRC4
			case "AESV2":
				m = cryptAESV2
			case "AESV3":
				m = cryptAESV3
			}
			dc.filterFor[name] = m
		}
		stmf, strf := f.name(d["StmF"]), f.name(d["StrF"])
		if stmf == "" {
			stmf = "Identity"
		}
		if strf == "" {
			strf = "Identity"
		}
		dc.stm, dc.str = dc.filterFor[stmf], dc.filterFor[strf]
		if v == 4 {
			length = 128
			if c := f.dict(cf[stmf]); c != nil {
				if n, ok := f.integer(c["Length"]); ok && n >= 5 && n <= 16 {
					length = n * 8
				}
			}
		}
	default:
		return errUnsupported
	}
	switch {
	case r >= 5:
		key, err := keyAES256(r, o, u, []byte(str(f.resolve(d["OE"]))), []byte(str(f.resolve(d["UE"]))))
		if err != nil {
			return err
		}
		dc.key = key
	case r >= 2:
		n := length / 8
		if r == 2 {
			n = 5
		}
		key := computeKey(nil, r, n, o, int32(p), id0, encMeta)
		if !checkUser(key, r, u, id0) {
			// The empty owner password recovers the user password.
			user := ownerToUser(nil, r, n, o)
			key = computeKey(user, r, n, o, int32(p), id0, encMeta)
			if !checkUser(key, r, u, id0) {
				return errNeedPassword
			}
		}
		dc.key = key
	default:
		return errUnsupported
	}
	f.crypt = dc
	// Objects read so far were read in the clear.
	f.cache = map[int]any{}
	f.objStms = map[int]*objStm{}
	return nil
}

func str(o any) String {
	s, _ := o.(String)
	return s
}

func padPassword(pw []byte) []byte {
	out := make([]byte, 32)
	n := copy(out, pw)
	copy(out[n:], passwordPad)
	return out
}

// computeKey is Algorithm 2.
func computeKey(pw []byte, r, n int, o []byte, p int32, id0 []byte, encMeta bool) []byte {
	h := md5.New()
	h.Write(padPassword(pw))
	if len(o) > 32 {
		o = o[:32]
	}
	h.Write(o)
	var pb [4]byte
	binary.LittleEndian.PutUint32(pb[:], uint32(p))
	h.Write(pb[:])
	h.Write(id0)
	if r >= 4 && !encMeta {
		h.Write([]byte{0xff, 0xff, 0xff, 0xff})
	}
	return stretchKey(h.Sum(nil), r, n)
}

// stretchKey is the end of Algorithms 2 and 3: from revision 3 on, the
// digest is hashed 50 more times over its first n (at most 16) bytes.
func stretchKey(sum []byte, r, n int) []byte {
	n = min(n, 16)
	if r >= 3 {
		for range 50 {
			s := md5.Sum(sum[:n])
			sum = s[:]
		}
	}
	return sum[:n]
}

// checkUser is Algorithms 4 and 5 (comparison part).
func checkUser(key []byte, r int, u, id0 []byte) bool {
	if len(u) < 16 {
		return false
	}
	if r == 2 {
		c, err := rc4.NewCipher(key)
		if err != nil {
			return false
		}
		out := make([]byte, 32)
		c.XORKeyStream(out, passwordPad)
		return len(u) >= 32 && bytes.Equal(out, u[:32])
	}
	h := md5.New()
	h.Write(passwordPad)
	h.Write(id0)
	x := h.Sum(nil)
	for i := 0; i < 20; i++ {
		k := make([]byte, len(key))
		for j := range key {
			k[j] = key[j] ^ byte(i)
		}
		c, err := rc4.NewCipher(k)
		if err != nil {
			return false
		}
		c.XORKeyStream(x, x)
	}
	return bytes.Equal(x[:16], u[:16])
}

// ownerToUser is Algorithm 7: the user password hidden in /O under the
// owner password.
func ownerToUser(owner []byte, r, n int, o []byte) []byte {
	s := md5.Sum(padPassword(owner))
	key := stretchKey(s[:], r, n)
	out := make([]byte, 32)
	copy(out, o)
	if r == 2 {
		c, _ := rc4.NewCipher(key)
		c.XORKeyStream(out, out)
		return out
	}
	for i := 19; i >= 0; i-- {
		k := make([]byte, len(key))
		for j := range key {
			k[j] = key[j] ^ byte(i)
		}
		c, _ := rc4.NewCipher(k)
		c.XORKeyStream(out, out)
	}
	return out
}

// keyAES256 is Algorithms 2.A and 11/12 for the empty password.
func keyAES256(r int, o, u, oe, ue []byte) ([]byte, error) {
	if len(u) < 48 || len(o) < 48 {
		return nil, errUnsupported
	}
	pw := []byte{}
	hash := func(input, udata []byte) []byte {
		if r == 5 {
			s := sha256.Sum256(input)
			return s[:]
		}
		return hash2B(pw, input, udata)
	}
	unwrap := func(k, wrapped []byte) ([]byte, error) {
		if len(wrapped) < 32 {
			return nil, errUnsupported
		}
		b, err := aes.NewCipher(k)
		if err != nil {
			return nil, err
		}
		out := make([]byte, 32)
		cipher.NewCBCDecrypter(b, make([]byte, 16)).CryptBlocks(out, wrapped[:32])
		return out, nil
	}
	if bytes.Equal(hash(cat(pw, u[32:40]), nil), u[:32]) {
		return unwrap(hash(cat(pw, u[40:48]), nil), ue)
	}
	if bytes.Equal(hash(cat(pw, o[32:40], u[:48]), u[:48]), o[:32]) {
		return unwrap(hash(cat(pw, o[40:48], u[:48]), u[:48]), oe)
	}
	return nil, errNeedPassword
}

func cat(parts ...[]byte) []byte {
	var out []byte
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}

// hash2B is Algorithm 2.B (revision 6).
func hash2B(pw, input, udata []byte) []byte {
	s := sha256.Sum256(input)
	k := s[:]
	for i := 0; ; i++ {
		k1 := bytes.Repeat(cat(pw, k, udata), 64)
		b, err := aes.NewCipher(k[:16])
		if err != nil {
			return nil
		}
		e := make([]byte, len(k1))
		cipher.NewCBCEncrypter(b, k[16:32]).CryptBlocks(e, k1)
		sum := 0
		for _, c := range e[:16] {
			sum += int(c)
		}
		switch sum % 3 {
		case 0:
			s := sha256.Sum256(e)
			k = s[:]
		case 1:
			s := sha512.Sum384(e)
			k = s[:]
		default:
			s := sha512.Sum512(e)
			k = s[:]
		}
		if i >= 63 && int(e[len(e)-1]) <= i-31 {
			break
		}
	}
	return k[:32]
}

// objectKey is Algorithm 1.
func (dc *decrypter) objectKey(ref Ref, m cryptMethod) []byte {
	if m == cryptAESV3 {
		return dc.key
	}
	h := md5.New()
	h.Write(dc.key)
	h.Write([]byte{byte(ref.Num), byte(ref.Num >> 8), byte(ref.Num >> 16), byte(ref.Gen), byte(ref.Gen >> 8)})
	if m == cryptAESV2 {
		h.Write([]byte("sAlT"))
	}
	n := min(len(dc.key)+5, 16)
	return h.Sum(nil)[:n]
}

func (dc *decrypter) decrypt(data []byte, ref Ref, m cryptMethod) []byte {
	switch m {
	case cryptRC4:
		c, err := rc4.NewCipher(dc.objectKey(ref, m))
		if err != nil {
			return data
		}
		out := make([]byte, len(data))
		c.XORKeyStream(out, data)
		return out
	case cryptAESV2, cryptAESV3:
		if len(data) < 32 {
			return nil
		}
		b, err := aes.NewCipher(dc.objectKey(ref, m))
		if err != nil {
			return data
		}
		body := data[16:]
		body = body[:len(body)/16*16]
		out := make([]byte, len(body))
		cipher.NewCBCDecrypter(b, data[:16]).CryptBlocks(out, body)
		if n := len(out); n > 0 {
			pad := int(out[n-1])
			if pad >= 1 && pad <= 16 && pad <= n {
				out = out[:n-pad]
			}
		}
		return out
	}
	return data
}

// decryptObject decrypts the strings of an object read from the file.
func (f *file) decryptObject(o any, ref Ref) any {
	dc := f.crypt
	if dc == nil || ref.Num == dc.encDict {
		return o
	}
	var walk func(o any, depth int) any
	walk = func(o any, depth int) any {
		if depth > maxDepth {
			return o
		}
		switch v := o.(type) {
		case String:
			if dc.str == cryptNone {
				return v
			}
			return String(dc.decrypt([]byte(v), ref, dc.str))
		case Array:
			for i := range v {
				v[i] = walk(v[i], depth+1)
			}
		case Dict:
			for k, x := range v {
				v[k] = walk(x, depth+1)
			}
		case *Stream:
			walk(v.Dict, depth+1)
		}
		return o
	}
	return walk(o, 0)
}
