package match

import (
	"strings"
	"testing"

	"nianbao"
	plain "nianbao/reader/text"
)

// TestReadings covers cutting digits run together into cells: the only
// readings kept are those a number can be (no leading zeros) that fill the
// row and, with a total column, add up.
func TestReadings(t *testing.T) {
	tests := []struct {
		name  string
		toks  []string // "_" stands for a blank cell (U+00A0 in the text)
		n     int
		total int
		want  []string // each reading as cells joined by ","
	}{
		{"one digit per cell", []string{"0000000"}, 7, 6, []string{"0,0,0,0,0,0,0"}},
		{"forced by zeros", []string{"5000005"}, 7, 6, []string{"5,0,0,0,0,0,5"}},
		{"row sum leaves two", []string{"115000016"}, 7, 6, []string{"1,15,0,0,0,0,16", "11,5,0,0,0,0,16"}},
		{"blanks between", []string{"000", "_", "0", "_", "_"}, 7, 6, []string{"0,0,0,_,0,_,_"}},
		{"three cells", []string{"000"}, 3, -1, []string{"0,0,0"}},
		{"ambiguous without total", []string{"1020"}, 3, -1, []string{"1,0,20", "10,2,0"}},
		{"row sum decides", []string{"210000021"}, 7, 6, []string{"21,0,0,0,0,0,21"}},
		{"no reading", []string{"00"}, 3, -1, nil},
		{"inconsistent row read as printed", []string{"4000000"}, 7, 6, []string{"4,0,0,0,0,0,0"}},
		{"signs start numbers", []string{"7-20"}, 3, -1, []string{"7,-2,0"}},
		{"signed and ambiguous", []string{"12+30"}, 3, -1, []string{"1,2,30", "12,3,0"}},
		{"separate tokens", []string{"3", "0", "3"}, 3, -1, []string{"3,0,3"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var toks []token
			for _, s := range tt.toks {
				if s == "_" {
					toks = append(toks, token{kind: nianbao.KindBlank, empty: true})
					continue
				}
				tok, ok := classify(s, 0)
				if !ok {
					t.Fatalf("classify(%q) failed", s)
				}
				toks = append(toks, tok)
			}
			tr := &tableReader{squash: true}
			var got []string
			cands, _ := readings(toks, tt.n, tr.splittable, rowTotal(tt.total))
			for _, c := range cands {
				var cells []string
				for _, tok := range c {
					if tok.kind == nianbao.KindBlank {
						cells = append(cells, "_")
					} else {
						cells = append(cells, tok.num.String())
					}
				}
				got = append(got, strings.Join(cells, ","))
			}
			if strings.Join(got, " | ") != strings.Join(tt.want, " | ") {
				t.Errorf("readings = %q; want %q", got, tt.want)
			}
		})
	}
}

// TestSquashedAmbiguity reads a table whose squashed digits the arithmetic
// cannot settle: those cells must come back unread, with a note, never as
// a guess.
func TestSquashedAmbiguity(t *testing.T) {
	text := squashedTable(map[string]string{
		// "11,0,…" or "1,10,…": no total column to decide, and the
		// column totals (all 0) contradict both.
		"予以公开": "1100000",
	}, false)
	rep, err := Read(plain.Parse(text))
	if err != nil {
		t.Fatal(err)
	}
	row := rep.Requests[nianbao.Granted]
	if row[0].Valid() || row[1].Valid() {
		t.Errorf("granted = %v; the ambiguous cells must be unread", row)
	}
	if !hasNote(rep, "granted") {
		t.Errorf("no note for the ambiguous row; notes: %v", rep.Notes)
	}
}

func hasNote(rep *nianbao.Report, row string) bool {
	for _, n := range rep.Notes {
		if n.Row == row {
			return true
		}
	}
	return false
}

// squashedTable renders a minimal 2021 report whose table 三 is squashed,
// every row zeros except those given (keyed by a keyword of the row label).
func squashedTable(rows map[string]string, total bool) string {
	var b strings.Builder
	b.WriteString("某某县2024年政府信息公开工作年度报告\n一、总体情况\n略。\n二、主动公开政府信息情况\n第二十条第(一)项\n信息内容本年制发件数本年废止件数现行有效件数\n规章000\n行政规范性文件000\n")
	b.WriteString("三、收到和处理政府信息公开申请情况\n(本列数据的勾稽关系为:第一项加第二项之和,等于第三项加第四项之和)申请人情况\n自然人法人或其他组织")
	cols := 6
	if total {
		b.WriteString("总计")
		cols = 7
	}
	b.WriteString("\n商业企业科研机构社会公益组织法律服务机构其他\n")
	for _, r := range nianbao.Format2021.Rows() {
		spec := r.Spec()
		b.WriteString(spec.Label)
		v := strings.Repeat("0", cols)
		for kw, s := range rows {
			if strings.Contains(spec.Label, kw) {
				v = s
			}
		}
		b.WriteString(v + "\n")
	}
	b.WriteString("四、政府信息公开行政复议、行政诉讼情况\n行政复议行政诉讼\n结果维持结果纠正其他结果尚未审结总计\n000000000000000\n五、存在的主要问题及改进情况\n略。\n六、其他需要报告的事项\n无。\n")
	return b.String()
}

// TestSquashedResolvedByColumns reads a squashed row that two readings fit
// (11,5,… or 1,15,…): the column totals of the table choose the first, and
// a note says so.
func TestSquashedResolvedByColumns(t *testing.T) {
	text := squashedTable(map[string]string{
		"本年新收": "125000017",
		"予以公开": "115000016",
		"部分公开": "1000001",
		"总计":   "125000017",
	}, true)
	rep, err := Read(plain.Parse(text))
	if err != nil {
		t.Fatal(err)
	}
	want := []int64{11, 5, 0, 0, 0, 0, 16}
	for c, w := range want {
		if got := rep.Requests[nianbao.Granted][c]; !got.Valid() || got.Cmp(nianbao.Int(w)) != 0 {
			t.Errorf("granted[%d] = %q; want %d", c, got, w)
		}
	}
	if !hasNote(rep, "granted") {
		t.Error("the split must be noted")
	}
}

// TestIsPageNumber covers each form of page number the prefilter lets
// through to the pattern, and lines it keeps out.
func TestIsPageNumber(t *testing.T) {
	for line, want := range map[string]bool{
		"- 3 -": true, " —12— ": true, "–4–": true, "第3页": true, "第 3 页 共 5 页": true, "第3页，共5页": true,
		"Page 2": true, "page 2 of 9": true, "\u3000- 1 -\u3000": true,
		"": false, "3/5": false, "3": false, "第三部分": false, "- 3": false, "政府信息公开": false, "P2": false, "Pa": false,
	} {
		if got := isPageNumber(line); got != want {
			t.Errorf("isPageNumber(%q) = %v, want %v", line, got, want)
		}
	}
}
