package nianbao

// Identity is an equation of the template's arithmetic applied to concrete
// cells: the sum of Left must equal the sum of Right.
type Identity struct {
	Rule  RuleID // which rule of template.md: RuleRowTotal, RuleColumnTotal, RuleBalance or RuleReviewTotal
	Left  []Cell
	Right []Cell
}

// OtherMerged reports whether a 2021-format report printed （六）其他处理 as
// a single row: its three sub-rows state nothing and the row itself does.
func (r *Report) OtherMerged() bool {
	if r.Template == Format2019 {
		return false
	}
	for _, row := range []Row{OtherNoCorrection, OtherNoFee, OtherOther} {
		for _, n := range r.Requests[row] {
			if n.Valid() {
				return false
			}
		}
	}
	for _, n := range r.Requests[Other] {
		if n.Valid() {
			return true
		}
	}
	return false
}

// OutcomeRows returns the rows that add up to （七）总计 as this report prints them.
func (r *Report) OutcomeRows() []Row {
	var out []Row
	merged := r.OtherMerged()
	for _, row := range r.Template.Rows() {
		if !rowSpecs[row].Outcome {
			continue
		}
		if merged && rowSpecs[row].Group == GroupOther {
			continue
		}
		out = append(out, row)
	}
	if merged {
		out = append(out, Other)
	}
	return out
}

// Identities returns every equation the report's own numbers must satisfy.
func (r *Report) Identities() []Identity {
	var ids []Identity
	rows := r.Template.Rows()
	if r.OtherMerged() {
		rows = r.OutcomeRows()
		rows = append([]Row{NewReceived, CarriedOver}, rows...)
		rows = append(rows, Total, CarriedForward)
	}
	for _, row := range rows {
		id := Identity{Rule: RuleRowTotal, Left: []Cell{RequestCell(row, ColumnTotal)}}
		for c := range ColumnTotal {
			id.Right = append(id.Right, RequestCell(row, c))
		}
		ids = append(ids, id)
	}
	outcomes := r.OutcomeRows()
	for c := range NumColumns {
		id := Identity{Rule: RuleColumnTotal, Left: []Cell{RequestCell(Total, c)}}
		for _, row := range outcomes {
			id.Right = append(id.Right, RequestCell(row, c))
		}
		ids = append(ids, id)
	}
	for c := range NumColumns {
		ids = append(ids, Identity{Rule: RuleBalance,
			Left:  []Cell{RequestCell(NewReceived, c), RequestCell(CarriedOver, c)},
			Right: []Cell{RequestCell(Total, c), RequestCell(CarriedForward, c)}})
	}
	for g := range NumReviewGroups {
		id := Identity{Rule: RuleReviewTotal, Left: []Cell{ReviewCell(g, ReviewTotal)}}
		for c := range ReviewTotal {
			id.Right = append(id.Right, ReviewCell(g, c))
		}
		ids = append(ids, id)
	}
	return ids
}

// Eval sums both sides of the identity. ok is false when a cell it needs
// states nothing: a blank is not 0, so such an identity cannot be checked.
func (id Identity) Eval(r *Report) (left, right Num, ok bool) {
	left, right = Int(0), Int(0)
	for _, c := range id.Left {
		left = left.Add(r.At(c))
	}
	for _, c := range id.Right {
		right = right.Add(r.At(c))
	}
	return left, right, left.Valid() && right.Valid()
}

// Holds reports whether the identity can be evaluated and is satisfied.
func (id Identity) Holds(r *Report) bool {
	l, rt, ok := id.Eval(r)
	return ok && l.Cmp(rt) == 0
}
