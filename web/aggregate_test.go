package web_test

import (
	"bytes"
	"os"
	"strconv"
	"testing"
)

// TestAggregatePage: the 本级 draft of 淮安市 for 2024 sums the reports of
// bodies placed under it (洪泽区's) and leaves out 淮安市's own report,
// which links to it: the place where it is set against that sum.
func TestAggregatePage(t *testing.T) {
	f := newFixture(t, realFiles(t, "hongze-2024.pdf", "huaian-2024.pdf", "hongze-2023.pdf"))
	f.page("/aggregate", 200)
	res, body := f.get("/aggregate?place=" + "3208" + "&year=2024")
	if res.StatusCode != 200 {
		t.Fatalf("status %d\n%.500s", res.StatusCode, body)
	}
	if !bytes.Contains(body, []byte("纳入 <strong>1</strong> 份报告")) || !bytes.Contains(body, []byte("淮安市洪泽区人民政府")) {
		t.Errorf("the draft should sum 洪泽区's 2024 report only:\n%s", body)
	}
	if !bytes.Contains(body, []byte(">95<")) { // 表三 一、本年新收·总计 of 洪泽区 2024
		t.Error("the draft's table 三 does not show 洪泽区's numbers")
	}
	if !bytes.Contains(body, []byte("1 份报告均为 0")) || !bytes.Contains(body, []byte("淮安市洪泽区人民政府</a>：95")) {
		t.Error("the cells' sources should name the reports that state a number other than 0 and count those that state 0")
	}
	if !bytes.Contains(body, []byte(`id="levels-h"`)) || !bytes.Contains(body, []byte(`href="/reports/`+strconv.FormatInt(f.ids["huaian-2024.pdf"], 10)+`"`)) {
		t.Error("the draft does not set 淮安市's own report against the sum")
	}
	if _, body := f.get("/reports/" + strconv.FormatInt(f.ids["huaian-2024.pdf"], 10)); !bytes.Contains(body, []byte(`href="/aggregate?place=3208&amp;year=2024#levels-h"`)) {
		t.Error("淮安市's 本级 report does not link to its comparison with the sum of its subordinates")
	}
	if res, _ := f.get("/aggregate?place=3208&year=x"); res.StatusCode != 422 {
		t.Errorf("a bad year: status %d", res.StatusCode)
	}
}

// realFiles reads real reports of testdata/real by name.
func realFiles(t *testing.T, names ...string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	for _, n := range names {
		data, err := os.ReadFile("../testdata/real/" + n)
		if err != nil {
			t.Fatal(err)
		}
		files[n] = data
	}
	return files
}
