// Package password hashes and checks account passwords with argon2id
// (RFC 9106, golang.org/x/crypto/argon2), the memory-hard hash that makes
// guessing a stolen database's passwords slow on any hardware.
//
// A hash is stored in the PHC string format,
//
//	$argon2id$v=19$m=65536,t=3,p=2$<salt>$<hash>
//
// with its own random salt and its parameters, so that hashes made with
// other parameters still verify, and are made again with the current
// ones at the next successful login (Verify's rehash).
package password

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"fmt"
	"strings"

	"golang.org/x/crypto/argon2"
)

// Params are argon2id's cost parameters.
type Params struct {
	Memory  uint32 // KiB
	Time    uint32 // passes over the memory
	Threads uint8
	SaltLen uint32 // bytes
	KeyLen  uint32 // bytes
}

// Default follows RFC 9106 §4's second recommended option (64 MiB, three
// passes) with two lanes for a small two-core server instead of four:
// about 0.1–0.2 s a hash there. A login costs one hash; the login
// throttle bounds how many a client may ask for, and Hash and Verify run
// at most MaxConcurrent at once, bounding the memory they take together.
var Default = Params{Memory: 64 * 1024, Time: 3, Threads: 2, SaltLen: 16, KeyLen: 32}

// MaxConcurrent is how many hashes are computed at once (64 MiB each with
// Default); the others wait their turn.
const MaxConcurrent = 4

var slots = make(chan struct{}, MaxConcurrent)

func (p Params) key(password string, salt []byte) []byte {
	slots <- struct{}{}
	defer func() { <-slots }()
	return argon2.IDKey([]byte(password), salt, p.Time, p.Memory, p.Threads, p.KeyLen)
}

// Hash returns the PHC string of password with a new random salt.
func Hash(password string) (string, error) { return Default.Hash(password) }

// Hash returns the PHC string of password under p with a new random salt.
func (p Params) Hash(password string) (string, error) {
	salt := make([]byte, p.SaltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", err
	}
	return p.encode(salt, p.key(password, salt)), nil
}

func (p Params) encode(salt, key []byte) string {
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s",
		argon2.Version, p.Memory, p.Time, p.Threads, b64.EncodeToString(salt), b64.EncodeToString(key))
}

// Verify reports whether password is the one encoded hashes, comparing in
// constant time. rehash is true when the hash was made with parameters
// other than Default's, so that the caller stores Hash(password) instead.
// An encoded string that is not an argon2id hash is an error.
func Verify(encoded, password string) (ok, rehash bool, err error) {
	p, salt, key, err := decode(encoded)
	if err != nil {
		return false, false, err
	}
	p.KeyLen = uint32(len(key))
	got := p.key(password, salt)
	ok = subtle.ConstantTimeCompare(got, key) == 1
	p.SaltLen = uint32(len(salt))
	return ok, ok && p != Default, nil
}

func decode(encoded string) (p Params, salt, key []byte, err error) {
	parts := strings.Split(encoded, "$")
	if len(parts) != 6 || parts[0] != "" || parts[1] != "argon2id" {
		return p, nil, nil, fmt.Errorf("password: not an argon2id hash")
	}
	var v int
	if _, err := fmt.Sscanf(parts[2], "v=%d", &v); err != nil || v != argon2.Version {
		return p, nil, nil, fmt.Errorf("password: argon2 version %q", parts[2])
	}
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &p.Memory, &p.Time, &p.Threads); err != nil {
		return p, nil, nil, fmt.Errorf("password: argon2 parameters %q", parts[3])
	}
	if p.Memory < 8*uint32(p.Threads) || p.Time < 1 || p.Threads < 1 || p.Memory > 4<<20 {
		return p, nil, nil, fmt.Errorf("password: argon2 parameters %q out of range", parts[3])
	}
	b64 := base64.RawStdEncoding
	if salt, err = b64.DecodeString(parts[4]); err != nil || len(salt) < 8 {
		return p, nil, nil, fmt.Errorf("password: bad salt")
	}
	if key, err = b64.DecodeString(parts[5]); err != nil || len(key) < 16 {
		return p, nil, nil, fmt.Errorf("password: bad hash")
	}
	return p, salt, key, nil
}
