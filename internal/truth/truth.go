// Package truth compares what the readers produce with the hand-read ground
// truth (NAME.truth.json beside a report file), for tests.
package truth

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"nianbao"
)

// Path returns the truth file of a report file.
func Path(file string) string {
	return strings.TrimSuffix(file, filepath.Ext(file)) + ".truth.json"
}

// Read reads the truth of a report file.
func Read(t testing.TB, file string) *nianbao.Report {
	t.Helper()
	data, err := os.ReadFile(Path(file))
	if err != nil {
		t.Fatal(err)
	}
	var want nianbao.Report
	if err := json.Unmarshal(data, &want); err != nil {
		t.Fatalf("%s: %v", Path(file), err)
	}
	return &want
}

// Compare reports every number and metadata field where got differs from
// the truth: the JSON contract, cell by cell.
func Compare(t testing.TB, got, want *nianbao.Report) {
	t.Helper()
	if got.Agency != want.Agency || got.Year != want.Year || got.Template != want.Template || got.PublishedOn != want.PublishedOn {
		t.Errorf("metadata = %q %d %s %q; want %q %d %s %q", got.Agency, got.Year, got.Template, got.PublishedOn,
			want.Agency, want.Year, want.Template, want.PublishedOn)
	}
	for c := range want.Template.Cells() {
		if g, w := got.At(c), want.At(c); !Same(g, w) {
			t.Errorf("%s = %q; want %q", c.Label, g, w)
		}
	}
}

// Same reports whether two cells state the same fact: both nothing, or the
// same number.
func Same(a, b nianbao.Num) bool {
	return a.Valid() == b.Valid() && (!a.Valid() || a.Cmp(b) == 0)
}
