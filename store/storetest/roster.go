package storetest

import (
	"math/rand/v2"

	"nianbao"
	"nianbao/internal/gen"
)

// BodyReport returns a generated report file of the 2021 format for the
// body and year, published on the ISO date published ("" for an undated
// report), with one arithmetic error when broken: the reports a roster
// expects, for the tests of rosters and aggregation. The seed varies the
// numbers.
func BodyReport(seed uint64, agency string, year int, published string, broken bool) []byte {
	s := gen.New(rand.New(rand.NewPCG(seed, 2024)), gen.Options{Template: nianbao.Format2021, Inconsistent: broken})
	s.Report.Agency, s.Report.Year, s.Report.PublishedOn = agency, year, published
	return gen.Render(s, gen.PipeRows)
}
