package nianbao

import "embed"

// SampleReports holds the bundled sample reports, which `nianbao serve
// --demo` loads: the five seed reports (text), seven years of one body
// (平潭综合实验区 2019–2025, scraped portal text; 2020 with a real
// arithmetic error), a county's two years and its city's report as PDFs
// (洪泽区 2023–2024, 2023 with a real error; 淮安市 2024) and a
// department's saved web page (沭阳县发展和改革局 2023).
//
//go:embed testdata/seeds/*.txt testdata/real/pingtan-*.txt testdata/real/hongze-*.pdf testdata/real/huaian-2024.pdf testdata/real/shuyang-fgj-2023.html
var SampleReports embed.FS
