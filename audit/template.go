package audit

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"nianbao"
)

// formatYear: the 2019 trial format is for reporting years 2019 and 2020,
// the 2021 format for 2021 on.
func formatYear(c *Context) []nianbao.Finding {
	rep := c.Report
	// A table 二 printed in the other format (the reader's note says
	// which cells it left null) is the same deviation, in one table.
	for _, n := range rep.Notes {
		if n.Code == nianbao.NoteMixedFormat {
			return []nianbao.Finding{{Message: fmt.Sprintf("表二使用了%s年版格式，报告其余部分为%s年版格式：表二中%s年版独有的格无从填报，应统一使用%s年版格式", rep.Template.Other(), rep.Template, rep.Template, rep.Template)}}
		}
	}
	switch {
	case rep.Year == 0:
		return nil
	case rep.Template == nianbao.Format2019 && rep.Year >= 2021:
		return []nianbao.Finding{{Message: fmt.Sprintf("%d年度报告使用了2019年试行格式：2021年度起应使用国办公开办函〔2021〕30号规定的格式", rep.Year)}}
	case rep.Template == nianbao.Format2021 && rep.Year <= 2020:
		return []nianbao.Finding{{Message: fmt.Sprintf("%d年度报告使用了2021年版格式：2019、2020年度适用国办公开办函〔2019〕60号试行格式，请核对报告年度", rep.Year)}}
	}
	return nil
}

// sectionsPresent: the six sections, each once, in order.
func sectionsPresent(c *Context) []nianbao.Finding {
	var out []nianbao.Finding
	seen := [7]bool{}
	last := 0
	for _, s := range c.Report.Sections {
		if s.Number < last {
			out = append(out, nianbao.Finding{Section: s.Number, Quote: s.Title,
				Message: fmt.Sprintf("第%s部分“%s”排在第%s部分之后，顺序与模板不符", nianbao.Numerals[s.Number-1], s.Title, nianbao.Numerals[last-1])})
		}
		last = max(last, s.Number)
		seen[s.Number] = true
	}
	var missing []string
	for i, s := range nianbao.Sections {
		if !seen[i+1] {
			missing = append(missing, "第"+nianbao.Numerals[i]+"部分“"+s.Title+"”")
		}
	}
	if len(missing) > 0 {
		out = append(out, nianbao.Finding{Message: "未找到" + strings.Join(missing, "、") + "：年报应包括模板规定的六个部分"})
	}
	return out
}

// requestRows are the rows of table 三 the report should print: the
// template's, with （六） as one row when the report prints it so (a
// deviation of its own, see mergedOther).
func requestRows(rep *nianbao.Report) []nianbao.Row {
	rows := append([]nianbao.Row{nianbao.NewReceived, nianbao.CarriedOver}, rep.OutcomeRows()...)
	return append(rows, nianbao.Total, nianbao.CarriedForward)
}

// missingRows: rows of tables 二 and 三 the reader did not find, and a
// table 四 it did not find at all. Only the reader knows what was printed:
// a row it found but could not read (digits run together) is not missing.
func missingRows(c *Context) []nianbao.Finding {
	rep := c.Report
	var out []nianbao.Finding
	for _, n := range rep.Notes {
		f := nianbao.Finding{}
		switch {
		case n.Code == nianbao.NoteMissingTable && n.Table == nianbao.TableReview:
			f.Message = "未找到表四（行政复议、行政诉讼情况）：表格缺失或表头与模板不符"
		case n.Code == nianbao.NoteMissingRow && n.Table == nianbao.TableRequests:
			row, _ := nianbao.RowByKey(n.Row)
			f.Message = fmt.Sprintf("表三缺少“%s”一行：模板规定的行未印出，或行名无法辨认", row.RowLabel())
			for col := range nianbao.NumColumns {
				f.Cells = append(f.Cells, c.requestCell(row, col))
			}
		case n.Code == nianbao.NoteMissingRow && n.Table == nianbao.TableActive:
			for _, item := range rep.Template.ActiveItems() {
				if item.Key != n.Row {
					continue
				}
				f.Message = fmt.Sprintf("表二缺少“%s”一行：模板规定的行未印出，或行名无法辨认", item.Label)
				for _, field := range item.Fields {
					f.Cells = append(f.Cells, c.activeCell(rep, item.Key, field.Key))
				}
			}
		}
		if f.Message != "" {
			out = append(out, f)
		}
	}
	return out
}

// missingColumns: a table 三 without its 总计 column (seed 002).
func missingColumns(c *Context) []nianbao.Finding {
	for _, n := range c.Report.Notes {
		if n.Code != nianbao.NoteNoTotalColumn {
			continue
		}
		f := nianbao.Finding{Message: "表三未印“总计”列：各行总计只能由读者自行相加，“总计 = 六类申请人之和”无从核对"}
		for _, row := range requestRows(c.Report) {
			f.Cells = append(f.Cells, c.requestCell(row, nianbao.ColumnTotal))
		}
		return []nianbao.Finding{f}
	}
	return nil
}

// mergedOther: the 2021 format splits （六）其他处理 into three sub-items.
func mergedOther(c *Context) []nianbao.Finding {
	rep := c.Report
	if !rep.OtherMerged() {
		return nil
	}
	f := nianbao.Finding{Message: "表三（六）其他处理印成一行：2021年版格式分为“逾期不补正”“逾期未缴费”“其他”三项，无法看出各项件数"}
	for col := range nianbao.NumColumns {
		f.Cells = append(f.Cells, c.requestCell(nianbao.Other, col))
	}
	return []nianbao.Finding{f}
}

// renamedRows: row labels of table 三 that differ from the template, which
// the reader matched only approximately (hongze-2023: "2.其他法律行政止公开").
func renamedRows(c *Context) []nianbao.Finding {
	var out []nianbao.Finding
	for _, n := range c.Report.Notes {
		if n.Code != nianbao.NoteFuzzyLabel {
			continue
		}
		row, ok := nianbao.RowByKey(n.Row)
		if !ok || n.Table != nianbao.TableRequests {
			continue
		}
		cell := nianbao.FindingCell{CellKey: nianbao.CellKey{Table: n.Table, Row: n.Row}, Label: "表三“" + row.RowLabel() + "”行名", Pos: n.Pos}
		out = append(out, nianbao.Finding{Message: n.Message, Cells: []nianbao.FindingCell{cell}})
	}
	return out
}

// blankCells: cells of tables 三 and 四 printed blank or with a mark.
func blankCells(c *Context) []nianbao.Finding {
	var out []nianbao.Finding
	for _, table := range []nianbao.Table{nianbao.TableRequests, nianbao.TableReview} {
		var f nianbao.Finding
		marks := map[string]bool{}
		for _, ref := range c.Report.Cells {
			if ref.Table != table || (ref.Kind != nianbao.KindBlank && ref.Kind != nianbao.KindMark) {
				continue
			}
			f.Cells = append(f.Cells, c.cellNamed(c.Report, ref.CellKey))
			if ref.Kind == nianbao.KindMark {
				marks["“"+ref.Raw+"”"] = true
			}
		}
		if len(f.Cells) == 0 {
			continue
		}
		what := "空白"
		if len(marks) > 0 {
			what = "空白或填有符号（" + strings.Join(slices.Sorted(maps.Keys(marks)), "") + "）"
		}
		f.Message = fmt.Sprintf("%s有 %d 个单元格%s：应填数字，没有的填0；空白不按0计，相关勾稽关系无法核对", tableName[table], len(f.Cells), what)
		out = append(out, f)
	}
	return out
}

var tableName = map[nianbao.Table]string{nianbao.TableActive: "表二", nianbao.TableRequests: "表三", nianbao.TableReview: "表四"}
