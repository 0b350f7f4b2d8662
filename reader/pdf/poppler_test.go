package pdf

import (
	"os/exec"
	"sort"
	"strconv"
	"strings"
	"testing"
	"unicode"
)

// TestAgainstPoppler compares the characters read from each real report
// with what poppler's pdftotext reads, where it is installed: the same
// characters, each as often, whatever the order and spacing. It checks the
// fonts' decoding (ToUnicode, CID widths do not matter here) against an
// independent reader.
func TestAgainstPoppler(t *testing.T) {
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext not installed")
	}
	for _, name := range realPDFs {
		t.Run(name, func(t *testing.T) {
			out, err := exec.Command("pdftotext", "-enc", "UTF-8", realPath(name), "-").Output()
			if err != nil {
				t.Fatal(err)
			}
			doc, err := Read(readFile(t, realPath(name)))
			if err != nil {
				t.Fatal(err)
			}
			got, want := runeCounts(doc.Text), runeCounts(string(out))
			var diffs []string
			for r, n := range want {
				if got[r] != n {
					diffs = append(diffs, string(r)+":"+strconv.Itoa(got[r])+"≠"+strconv.Itoa(n))
				}
			}
			for r, n := range got {
				if _, ok := want[r]; !ok {
					diffs = append(diffs, string(r)+":"+strconv.Itoa(n)+"≠0")
				}
			}
			sort.Strings(diffs)
			if len(diffs) > 0 {
				t.Errorf("characters differ from pdftotext (ours≠poppler's): %s", strings.Join(diffs, " "))
			}
		})
	}
}

func runeCounts(s string) map[rune]int {
	m := map[rune]int{}
	for _, r := range s {
		if unicode.IsSpace(r) || r == '|' {
			continue
		}
		m[r]++
	}
	return m
}
