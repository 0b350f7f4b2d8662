package password

import (
	"strings"
	"testing"
)

// light keeps the tests fast; Default's cost is measured by BenchmarkHash.
var light = Params{Memory: 64, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32}

func TestHashVerify(t *testing.T) {
	h, err := light.Hash("正确的密码 correct horse")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=64,t=1,p=1$") {
		t.Fatalf("hash %q: not the PHC string of argon2id with its parameters", h)
	}
	ok, rehash, err := Verify(h, "正确的密码 correct horse")
	if err != nil || !ok {
		t.Fatalf("the right password: ok %v, err %v", ok, err)
	}
	if !rehash {
		t.Error("a hash made with parameters other than Default's should be made again")
	}
	if ok, rehash, _ := Verify(h, "正确的密码 correct hors"); ok || rehash {
		t.Errorf("a wrong password: ok %v rehash %v", ok, rehash)
	}
	h2, _ := light.Hash("正确的密码 correct horse")
	if h2 == h {
		t.Error("two hashes of one password are the same: the salt is not random")
	}
}

func TestVerifyDefault(t *testing.T) {
	if testing.Short() {
		t.Skip("a Default hash takes a tenth of a second or more")
	}
	h, err := Hash("pass-word-1")
	if err != nil {
		t.Fatal(err)
	}
	if ok, rehash, err := Verify(h, "pass-word-1"); !ok || rehash || err != nil {
		t.Fatalf("ok %v rehash %v err %v", ok, rehash, err)
	}
}

func TestVerifyMalformed(t *testing.T) {
	for _, enc := range []string{
		"",
		"plain",
		"$2a$10$abcdefghijklmnopqrstuv", // bcrypt
		"$argon2i$v=19$m=64,t=1,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA",
		"$argon2id$v=16$m=64,t=1,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA",
		"$argon2id$v=19$m=0,t=1,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA",
		"$argon2id$v=19$m=99999999,t=1,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA",
		"$argon2id$v=19$m=64,t=1,p=1$!!$aGFzaGhhc2hoYXNoaGFzaA",
		"$argon2id$v=19$m=64,t=1,p=1$c2FsdHNhbHQ$aGFzaA",
	} {
		if ok, _, err := Verify(enc, "x"); ok || err == nil {
			t.Errorf("%q: ok %v err %v, want an error", enc, ok, err)
		}
	}
}

func BenchmarkHash(b *testing.B) {
	for b.Loop() {
		Hash("pass-word-1")
	}
}
