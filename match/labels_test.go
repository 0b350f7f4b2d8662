package match

import (
	"strings"
	"testing"

	"nianbao"
	"nianbao/document"
	plain "nianbao/reader/text"
)

// TestRowLabelVariants finds each row of table 三 under the spellings real
// reports use: other numbering, half-width brackets, inner spaces, labels
// broken over lines, typos, and labels without their numbering.
func TestRowLabelVariants(t *testing.T) {
	tests := []struct {
		row     nianbao.Row
		variant string
	}{
		{nianbao.NewReceived, "一、本年新收政府信息公开申请数量"},
		{nianbao.NewReceived, "一.本年新收政府信息公开\n申请数量"},
		{nianbao.NewReceived, "本年新收政府信息公开申请数量"},
		{nianbao.CarriedOver, "二、上年结转政府信息公开申请数量"},
		{nianbao.CarriedOver, "二、上年度结转政府信息公开申请数量"},
		{nianbao.Granted, "(一)予以公开"},
		{nianbao.Granted, "（一） 予以公开"},
		{nianbao.PartiallyGranted, "（二）部分公开（区分处理的，只计这一情 形，不计其他情形）"},
		{nianbao.PartiallyGranted, "(二)部分公开(区分处理的,只计这一情形,不计其他情形)"},
		{nianbao.WithheldStateSecret, "1、属于国家秘密"},
		{nianbao.WithheldLawProhibited, "2.其他法律行政止公开"}, // a real typo
		{nianbao.WithheldSecurityStability, "3.危及\"三安全一稳定\""},
		{nianbao.WithheldThirdParty, "4．保护第三方合法权益"},
		{nianbao.WithheldInternalAffairs, "5.属于三类内部事务信息"},
		{nianbao.WithheldProcessInfo, "6.属于四类过程性信息"},
		{nianbao.WithheldEnforcementFile, "7.属于行政执法案卷"},
		{nianbao.WithheldAdministrativeQuery, "8.属于行政查询事项"},
		{nianbao.UnavailableNotHeld, "1.本机关不掌握相关政府信息"},
		{nianbao.UnavailableNeedsCreation, "2.没有现成信息需要另行制作"},
		{nianbao.UnavailableUnclear, "3.补正后申请内容仍不明确"},
		{nianbao.NotProcessedPetition, "1.信访举报投诉类申请"},
		{nianbao.NotProcessedDuplicate, "2.重复申请"},
		{nianbao.NotProcessedPublication, "3.要求提供公开出版物"},
		{nianbao.NotProcessedExcessive, "4.无正当理由大量反复 申请"},
		{nianbao.NotProcessedConfirmation, "5.要求行政机关确认或重 新出具已获取信息"},
		{nianbao.OtherNoCorrection, "1、申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"},
		{nianbao.OtherNoFee, "2、申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"},
		{nianbao.OtherOther, "3、其他"},
		{nianbao.Total, "（七）总 计"},
		{nianbao.CarriedForward, "四、结转下年度继续办理"},
	}
	for _, tt := range tests {
		t.Run(tt.variant, func(t *testing.T) {
			var b strings.Builder
			for _, r := range nianbao.Format2021.Rows() {
				label := r.Spec().Label
				if r == tt.row {
					label = tt.variant
				}
				b.WriteString(label + " | 1 | 0 | 0 | 0 | 0 | 0 | 1 |\n")
			}
			text := b.String()
			hits := findRowLabels(text, newNormText(text, 0, len(text)), nianbao.Format2021.Rows())
			for _, h := range hits {
				if !h.found {
					t.Fatalf("row %s not found", h.row.Key())
				}
				if h.row == tt.row {
					got := text[h.start:h.end]
					if strings.TrimSpace(got) == "" || strings.Contains(got, "|") {
						t.Errorf("label read as %q", got)
					}
				}
			}
		})
	}
}

// TestMissingRowNoted: a row the report leaves out comes back unread with a
// note, and does not take the next row's numbers.
func TestMissingRowNoted(t *testing.T) {
	text := squashedTable(nil, true)
	text = strings.Replace(text, "3.要求提供公开出版物0000000\n", "", 1)
	rep, err := Read(plain.Parse(text))
	if err != nil {
		t.Fatal(err)
	}
	if rep.Requests[nianbao.NotProcessedPublication][0].Valid() {
		t.Error("a missing row must stay unread")
	}
	if !hasNote(rep, "not_processed_publication") {
		t.Error("a missing row must be noted")
	}
	if !rep.Requests[nianbao.NotProcessedExcessive][0].Valid() {
		t.Error("the next row must still read")
	}
}

// FuzzIndexCJK checks the label search against bytes.Index.
func FuzzIndexCJK(f *testing.F) {
	f.Add("三、本年度办理结果（一）予以公开", "予以公开")
	f.Add("总计总计", "总计")
	f.Add("abc", "b")
	f.Fuzz(func(t *testing.T, s, sep string) {
		if got, want := indexCJK([]byte(s), []byte(sep)), strings.Index(s, sep); got != want {
			t.Fatalf("indexCJK(%q, %q) = %d; want %d", s, sep, got, want)
		}
	})
}

// TestNormRuneSpaces: the normal form drops exactly the spaces
// document.IsSpace names.
func TestNormRuneSpaces(t *testing.T) {
	for r := rune(0); r < 0x10000; r++ {
		if (normRune(r) < 0) != document.IsSpace(r) {
			t.Errorf("U+%04X: normRune %d, IsSpace %v", r, normRune(r), document.IsSpace(r))
		}
	}
}
