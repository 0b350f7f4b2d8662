package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"nianbao/store"
)

// TestPlaceCommand: reports stored unplaced (as before reports kept their
// place) are placed by nianbao place; a second run finds nothing to do.
func TestPlaceCommand(t *testing.T) {
	db := filepath.Join(t.TempDir(), "a.db")
	if code, _, errOut := run(t, "", "import", "--db", db, "../../testdata/seeds"); code != 0 {
		t.Fatalf("import: %d %s", code, errOut)
	}
	st, err := store.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.DB().Exec(`UPDATE reports SET place_key = 0, place_kind = '', place_note = ''`); err != nil {
		t.Fatal(err)
	}
	st.Close()
	code, out, errOut := run(t, "", "place", "--db", db)
	if code != 0 || !strings.HasPrefix(out, "定位 ") || strings.HasPrefix(out, "定位 0 份报告，未能定位 0 份") {
		t.Fatalf("place: %d %q %q", code, out, errOut)
	}
	if code, out, _ := run(t, "", "place", "--db", db); code != 0 || !strings.HasPrefix(out, "定位 0 份报告，未能定位 0 份") {
		t.Errorf("place again: %d %q", code, out)
	}
	if code, _, errOut := run(t, "", "place", "--db", db, "extra"); code != 2 || !strings.Contains(errOut, "用法") {
		t.Errorf("place with an argument: %d %q", code, errOut)
	}
}
