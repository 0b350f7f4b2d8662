package web_test

import (
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// A tiny CSS selector engine for page tests: compound selectors of a tag,
// #id, .class, [attr], [attr=value] and [attr^=prefix] (values quoted or
// not), joined by the
// descendant combinator (whitespace). Enough to assert what a page shows
// without comparing snapshots.

type compound struct {
	tag     string
	id      string
	classes []string
	attrs   [][3]string // name, operator ("", "=", "^="), value
}

func parseSelector(t testing.TB, sel string) []compound {
	t.Helper()
	var out []compound
	var cur *compound
	i := 0
	ident := func() string {
		j := i
		for i < len(sel) && (isIdent(sel[i]) || sel[i] >= 0x80) {
			i++
		}
		return sel[j:i]
	}
	for i < len(sel) {
		c := sel[i]
		if c == ' ' || c == '\t' || c == '\n' {
			cur = nil
			i++
			continue
		}
		if cur == nil {
			out = append(out, compound{})
			cur = &out[len(out)-1]
		}
		switch {
		case c == '#':
			i++
			cur.id = ident()
		case c == '.':
			i++
			cur.classes = append(cur.classes, ident())
		case c == '[':
			end := strings.IndexByte(sel[i:], ']')
			if end < 0 {
				t.Fatalf("selector %q: unclosed [", sel)
			}
			body := sel[i+1 : i+end]
			i += end + 1
			name, val, ok := strings.Cut(body, "=")
			op := ""
			if ok {
				op, val = "=", strings.Trim(val, `"'`)
				if strings.HasSuffix(name, "^") {
					op, name = "^=", strings.TrimSuffix(name, "^")
				}
			}
			cur.attrs = append(cur.attrs, [3]string{strings.TrimSpace(name), op, val})
		case c == '*':
			i++
		case isIdent(c):
			cur.tag = strings.ToLower(ident())
		default:
			t.Fatalf("selector %q: unsupported %q", sel, c)
		}
	}
	if len(out) == 0 {
		t.Fatalf("empty selector")
	}
	return out
}

func isIdent(c byte) bool {
	return c == '-' || c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

func (c compound) matches(n *html.Node) bool {
	if n.Type != html.ElementNode || c.tag != "" && n.Data != c.tag {
		return false
	}
	if c.id != "" && attr(n, "id") != c.id {
		return false
	}
	if len(c.classes) > 0 {
		have := strings.Fields(attr(n, "class"))
		for _, want := range c.classes {
			found := false
			for _, h := range have {
				found = found || h == want
			}
			if !found {
				return false
			}
		}
	}
	for _, a := range c.attrs {
		v, ok := attrOK(n, a[0])
		if !ok || a[1] == "=" && v != a[2] || a[1] == "^=" && !strings.HasPrefix(v, a[2]) {
			return false
		}
	}
	return true
}

// matchAt reports whether n matches the whole selector, its ancestors
// matching the earlier compounds.
func matchAt(sel []compound, n *html.Node) bool {
	if !sel[len(sel)-1].matches(n) {
		return false
	}
	rest := sel[:len(sel)-1]
	for p := n.Parent; p != nil && len(rest) > 0; p = p.Parent {
		if rest[len(rest)-1].matches(p) {
			rest = rest[:len(rest)-1]
		}
	}
	return len(rest) == 0
}

// queryAll returns every element under root matching sel, in document order.
func queryAll(t testing.TB, root *html.Node, sel string) []*html.Node {
	t.Helper()
	cs := parseSelector(t, sel)
	var out []*html.Node
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if matchAt(cs, n) {
			out = append(out, n)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(root)
	return out
}

// query returns the first element matching sel, failing the test when none does.
func query(t testing.TB, root *html.Node, sel string) *html.Node {
	t.Helper()
	all := queryAll(t, root, sel)
	if len(all) == 0 {
		t.Fatalf("no element matches %q", sel)
	}
	return all[0]
}

func attrOK(n *html.Node, key string) (string, bool) {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val, true
		}
	}
	return "", false
}

func attr(n *html.Node, key string) string {
	v, _ := attrOK(n, key)
	return v
}

// textOf returns the text under n, spaces collapsed.
func textOf(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
			b.WriteByte(' ')
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return strings.Join(strings.Fields(b.String()), " ")
}

func parseHTML(t testing.TB, body string) *html.Node {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

func TestSelector(t *testing.T) {
	doc := parseHTML(t, `<div id="a" class="x y"><table class="t3"><tr><td class="num finding-error" title="m">1</td><td data-k="v w">2</td></tr></table></div><p class="x">z</p>`)
	for sel, want := range map[string]int{
		"td":                        2,
		"table.t3 td.finding-error": 1,
		"#a td":                     2,
		"div.x.y td[title]":         1,
		`td[data-k="v w"]`:          1,
		"td[data-k=v]":              0,
		".x":                        2,
		"p td":                      0,
		"div table tr td":           2,
	} {
		if got := len(queryAll(t, doc, sel)); got != want {
			t.Errorf("%q matches %d; want %d", sel, got, want)
		}
	}
}
