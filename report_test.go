package nianbao

import (
	"testing"
	"unicode"
)

// TestLayoutLabels: every layout has a Chinese label for the web pages,
// with no English word in it; an unknown layout has none.
func TestLayoutLabels(t *testing.T) {
	layouts := []Layout{LayoutPipeRows, LayoutMarkdown, LayoutCellLines, LayoutTabs, LayoutColumns, LayoutSquashed,
		LayoutTable, LayoutSheet, LayoutRuled, LayoutByColumns}
	seen := map[string]Layout{}
	for _, l := range layouts {
		label := l.Label()
		if label == "" {
			t.Errorf("%s has no label", l)
		}
		for _, r := range label {
			if r < unicode.MaxASCII && unicode.IsLetter(r) {
				t.Errorf("%s: label %q is not all Chinese", l, label)
				break
			}
		}
		if other, ok := seen[label]; ok {
			t.Errorf("%s and %s share the label %q", l, other, label)
		}
		seen[label] = l
	}
	if got := Layout("free").Label(); got != "" {
		t.Errorf("an unknown layout is labelled %q", got)
	}
}
