package roster

import (
	"bytes"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"nianbao"
	"nianbao/place"
)

func hongze(t *testing.T) place.Place {
	p, ok := place.Lookup("320813")
	if !ok {
		t.Fatal("no 320813")
	}
	return p
}

// TestRead: a CSV under a title row, its columns in any order, places and
// kinds by name or code, or from the body's name; a plain list; an XLSX.
func TestRead(t *testing.T) {
	csv := "\ufeff淮安市洪泽区2024年度政府信息公开工作年度报告应报单位名单\n" +
		"序号,单位名称,类别,区划代码\n" +
		"1,淮安市洪泽区财政局,政府部门,320813\n" +
		"2,高良涧街道办事处,乡镇、街道,\n" +
		"\n" +
		"3,洪泽区人民医院,,洪泽区\n"
	got, err := Read("名单.csv", []byte(csv), hongze(t), 2024)
	if err != nil {
		t.Fatal(err)
	}
	want := []struct{ agency, code, kind string }{
		{"淮安市洪泽区财政局", "320813", "department"},
		{"高良涧街道办事处", "", "township"},
		{"洪泽区人民医院", "320813", "other"},
	}
	if len(got) != len(want) {
		t.Fatalf("%d entries: %+v", len(got), got)
	}
	for i, w := range want {
		g := got[i]
		if g.Agency != w.agency || w.code != "" && g.Code != w.code || !strings.HasPrefix(g.Code, "320813") || g.Kind != w.kind || g.Year != 2024 || g.Note == "" {
			t.Errorf("row %d: %+v, want %+v", i, g, w)
		}
	}

	list, err := Read("list.txt", []byte("# 洪泽区\n淮安市洪泽区教育局\n\n淮安市洪泽区民政局\n"), hongze(t), 2024)
	if err != nil || len(list) != 2 || list[1].Agency != "淮安市洪泽区民政局" || list[1].Code != "320813" {
		t.Errorf("a plain list: %+v, %v", list, err)
	}

	f := excelize.NewFile()
	f.SetSheetRow("Sheet1", "A1", &[]any{"机关名称", "所属地区"})
	f.SetSheetRow("Sheet1", "A2", &[]any{"淮安市洪泽区水利局", "淮安市洪泽区"})
	var b bytes.Buffer
	if err := f.Write(&b); err != nil {
		t.Fatal(err)
	}
	x, err := Read("名单.xlsx", b.Bytes(), hongze(t), 2024)
	if err != nil || len(x) != 1 || x[0].Agency != "淮安市洪泽区水利局" || x[0].Code != "320813" || x[0].Kind != "department" {
		t.Errorf("XLSX: %+v, %v", x, err)
	}
}

// TestReadErrors: a bad row fails the file, naming it and the row.
func TestReadErrors(t *testing.T) {
	for name, tc := range map[string]struct{ data, want string }{
		"outside":         {"单位名称,区划代码\n淮安市清江浦区财政局,320812\n", "第 2 行“淮安市清江浦区财政局”：地区江苏省淮安市清江浦区（320812）不在江苏省淮安市洪泽区之下"},
		"kind":            {"单位名称,类别\n淮安市洪泽区财政局,国企\n", "第 2 行“淮安市洪泽区财政局”：类别“国企”无法识别"},
		"twice":           {"单位名称\n淮安市洪泽区财政局\n淮安市洪泽区 财政局\n", "第 3 行“淮安市洪泽区 财政局”：与第 2 行是同一机关"},
		"no place":        {"单位名称,地区\n淮安市洪泽区财政局,北京\n", "没有地区“北京”"},
		"no bodies":       {"单位名称,地区\n", "没有读到机关名称"},
		"named elsewhere": {"单位名称\n淮安市清江浦区财政局\n", "按名称位于江苏省淮安市清江浦区（320812），不在江苏省淮安市洪泽区之下"},
	} {
		_, err := Read("名单.csv", []byte(tc.data), hongze(t), 2024)
		if nianbao.ErrorCode(err) != nianbao.EINVALID || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), "名单.csv") {
			t.Errorf("%s: %v; want %q", name, err, tc.want)
		}
	}
}

// FuzzRead: any file is a roster or an error, never a panic, and every
// entry read is named and placed under the roster's place.
func FuzzRead(f *testing.F) {
	f.Add([]byte("单位名称,类别,区划代码\n淮安市洪泽区财政局,政府部门,320813\n"))
	f.Add([]byte("淮安市洪泽区教育局\n"))
	within, _ := place.Lookup("320813")
	f.Fuzz(func(t *testing.T, data []byte) {
		es, err := Read("f.csv", data, within, 2024)
		if err != nil {
			return
		}
		for _, e := range es {
			if e.Agency == "" || !within.Contains(e.Code) {
				t.Fatalf("entry %+v", e)
			}
		}
	})
}

// TestNames: the names of a roster's bodies, read as Read reads them, in
// a spreadsheet's name column or one a line; a body listed twice fails.
func TestNames(t *testing.T) {
	for _, c := range []struct {
		file, data string
		want       []string
		err        string
	}{
		{"名单.csv", "应报单位名单\n序号,单位名称,区划代码\n1,路北街道办事处,331004\n2,某区财政局,\n", []string{"路北街道办事处", "某区财政局"}, ""},
		{"list.txt", "# 应报机关\n路北街道办事处\n\n未报送的局\n", []string{"路北街道办事处", "未报送的局"}, ""},
		{"dup.txt", "某区财政局\n某区财政局\n", nil, "第 2 行“某区财政局”：与第 1 行是同一机关"},
		{"empty.csv", "单位名称\n\n", nil, "没有读到机关名称"},
	} {
		got, err := Names(c.file, []byte(c.data))
		switch {
		case c.err == "" && (err != nil || strings.Join(got, "|") != strings.Join(c.want, "|")):
			t.Errorf("%s: %q, %v; want %q", c.file, got, err, c.want)
		case c.err != "" && (err == nil || !strings.Contains(err.Error(), c.err) || !strings.Contains(err.Error(), c.file)):
			t.Errorf("%s: %v; want an error naming the file and saying %q", c.file, err, c.err)
		}
	}
}
