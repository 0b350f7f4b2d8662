package nianbao

import "embed"

// SampleReports holds the bundled sample reports (testdata/seeds/*.txt), which `nianbao serve --demo` loads.
//
//go:embed testdata/seeds/*.txt
var SampleReports embed.FS
