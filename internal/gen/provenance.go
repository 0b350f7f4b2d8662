package gen

import (
	"maps"

	"nianbao"
)

// Read returns the sample's report as a reader would have made it: a copy
// of Report whose every printed cell has its provenance — a number, a
// blank, or the mark printed. Sections stay empty.
func (s *Sample) Read() *nianbao.Report {
	rep := *s.Report
	rep.Active = maps.Clone(s.Report.Active)
	rep.Cells = nil
	for c := range rep.Template.Cells() {
		if n := rep.At(c); n.Valid() {
			rep.Cells = append(rep.Cells, nianbao.Provenance{CellKey: c.Key, Index: c.Index, Kind: nianbao.KindNumber, Raw: n.String()})
		} else if m, ok := s.Marks[c.Key]; ok {
			kind := nianbao.KindMark
			if m == "" {
				kind = nianbao.KindBlank
			}
			rep.Cells = append(rep.Cells, nianbao.Provenance{CellKey: c.Key, Index: c.Index, Kind: kind, Raw: m})
		}
	}
	return &rep
}
