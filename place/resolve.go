package place

import (
	"strings"

	"nianbao"
)

// Resolve returns the division q means: a code (3208), or a name or short
// form that means exactly one division (淮安市; 洪泽区). A name several
// divisions share (淮安 is 淮安市 and its 淮安区) is an error that lists
// them with their codes, so that a person can give the code instead.
func Resolve(q string) (Place, error) {
	q = strings.TrimSpace(q)
	if p, ok := Lookup(q); ok {
		return p, nil
	}
	found := Search(q)
	var exact []Place
	for _, p := range found {
		if p.Name == q || shortName(p.Name) == q {
			exact = append(exact, p)
		}
	}
	if len(exact) == 1 {
		return exact[0], nil
	}
	if len(exact) > 1 {
		found = exact
	}
	switch {
	case q == "":
		return Place{}, nianbao.Errorf(nianbao.EINVALID, "没有给出地区")
	case len(found) == 0:
		return Place{}, nianbao.Errorf(nianbao.EINVALID, "区划表中没有“%s”：请给出区划代码（如 3208 淮安市）", q)
	case len(found) == 1:
		return found[0], nil
	}
	names := make([]string, 0, 6)
	for i, p := range found {
		if i == 5 {
			names = append(names, "……")
			break
		}
		names = append(names, Label(p.Code))
	}
	return Place{}, nianbao.Errorf(nianbao.EINVALID, "“%s”可指 %d 个地区（%s）：请给出区划代码", q, len(found), strings.Join(names, "、"))
}

// Label names a division for people: its full name and code, 江苏省淮安市
// （3208）; a code the table lacks is shown as it is.
func Label(code string) string {
	p, ok := Lookup(code)
	if !ok {
		return code
	}
	return p.FullName() + "（" + p.Code + "）"
}
