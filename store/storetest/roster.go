package storetest

import (
	"math/rand/v2"

	"nianbao"
	"nianbao/internal/gen"
	"nianbao/place"
	"nianbao/reader"
)

// BodyReport returns a generated report file of the 2021 format for the
// body and year, published on the ISO date published ("" for an undated
// report), with one arithmetic error when broken: the reports a roster
// expects, for the tests of rosters and aggregation. The seed varies the
// numbers. The generated prose names portals of its own; of the seeds from
// seed on, the first whose text places the body where its name alone does
// is taken, so that the report is placed as the test means.
func BodyReport(seed uint64, agency string, year int, published string, broken bool) []byte {
	want := place.LocateName(agency)
	for end := seed + 1000; seed < end; seed++ {
		s := gen.New(rand.New(rand.NewPCG(seed, 2024)), gen.Options{Template: nianbao.Format2021, Inconsistent: broken})
		s.Report.Agency, s.Report.Year, s.Report.PublishedOn = agency, year, published
		data := gen.Render(s, gen.PipeRows)
		if rep, err := reader.Read("r.txt", data); err == nil && place.Locate(rep).Code == want.Code {
			return data
		}
	}
	panic("storetest: no generated report of " + agency + " is placed as its name is")
}
