package nianbao

// Report is one annual report read into exact structured data.
//
// Numbers are kept as stated: a total that does not add up stays as printed
// (the audit reports it), and a blank or a mark is an invalid Num whose
// provenance in Cells says what the cell held.
type Report struct {
	Agency      string   // the reporting body as the report names itself
	Year        int      // the reporting year (not the publication year); 0 when unknown
	Template    Template // the format the report follows
	PublishedOn string   // ISO date the report states it was published or signed, "" when it states none

	Active   map[string]Num                         // table 二, keyed by ActiveKey(item, field)
	Requests [NumRows][NumColumns]Num               // table 三
	Review   [NumReviewGroups][NumReviewColumns]Num // table 四

	// Preface is the text before the first section's heading (title,
	// basis, the portal it is published on): no section's, but what tells
	// where the body is.
	Preface  string
	Sections []Section    // the six sections' text, as found
	Cells    []Provenance // where every table cell came from
	Notes    []Note       // what the reader was unsure of, in plain Chinese
	Source   Source
}

// Table names one of the report's three tables in provenance and findings.
type Table string

// The three tables of a report.
const (
	TableActive   Table = "active"
	TableRequests Table = "requests"
	TableReview   Table = "review"
)

// Provenance records where one table cell's content came from: what was
// printed there, what kind of content it is and where in the file it stood.
// A report's JSON writes it compactly, grouped by row (see json.go); the
// tags are its verbose form, which earlier versions wrote and which is
// still read and written for a cell the compact form cannot say.
type Provenance struct {
	CellKey
	Index int    `json:"index"` // the column's position in the JSON array (requests, review) or field list (active)
	Kind  Kind   `json:"kind"`
	Raw   string `json:"raw"` // the text as printed, marks included
	Pos   Pos    `json:"pos"`
	// Unit is the unit an amount was stated in ("元", "万元"), beside the
	// cell or in its column's header: the number is never converted.
	Unit string `json:"unit,omitempty"`
}

// CellIndex indexes the report's provenance by cell.
func (r *Report) CellIndex() map[CellKey]Provenance {
	idx := make(map[CellKey]Provenance, len(r.Cells))
	for _, c := range r.Cells {
		idx[c.CellKey] = c
	}
	return idx
}

// Kind says what a cell held: the difference between blank, 0 and "/" is a fact.
type Kind string

// The kinds of cell content.
const (
	KindNumber   Kind = "number"
	KindBlank    Kind = "blank"
	KindMark     Kind = "mark"     // "/", "—", "无" and other non-numbers
	KindInferred Kind = "inferred" // not printed; deduced from the report's own arithmetic (a note says how)
)

// Pos locates text in the source file. Text readers fill Offset (bytes into
// the decoded text), Line and Col (1-based, in characters); PDF readers fill
// Page and Box (x0, y0, x1, y1 in points); grid readers fill Table, Row and
// Col (1-based) for table cells: for HTML and DOCX, Table is the data table's
// place among the file's data tables and Row and Col its grid coordinates
// with merged cells expanded; for XLSX, Table is the worksheet's place in the
// workbook and Row and Col the spreadsheet's own row and column numbers.
// HTML readers also fill Offset (bytes into the decoded page), DOCX readers
// Offset into word/document.xml.
type Pos struct {
	Offset int         `json:"offset"`
	Line   int         `json:"line,omitempty"`
	Table  int         `json:"table,omitempty"`
	Row    int         `json:"row,omitempty"`
	Col    int         `json:"col,omitempty"`
	Page   int         `json:"page,omitempty"`
	Box    *[4]float64 `json:"box,omitempty"`
}

// Note is something the reader was unsure of or had to decide, in Chinese.
type Note struct {
	Code    string `json:"code"`
	Message string `json:"message"`
	Table   Table  `json:"table,omitempty"`
	Row     string `json:"row,omitempty"`
	Pos     *Pos   `json:"pos,omitempty"`
	// Readings are the ways the row's printed text can be cut into its
	// cells when the report's own evidence leaves several (table 二's
	// digits run together): kept as data so that evidence found later —
	// the same body's neighbouring year, when it arrives — settles the row
	// without reading the file again.
	Readings []Reading `json:"readings,omitempty"`
}

// A Reading is one way to cut a row's printed text: its cells in the
// template's column order, as they would be recorded. A cell whose cut
// the text does not decide (the readings disagree on it) has kind
// KindInferred: taking the reading is an inference.
type Reading []ReadCell

// ReadCell is one cell of a Reading: its Provenance without the cell key,
// which the note's table and row and the cell's place in the reading give.
type ReadCell struct {
	Kind Kind   `json:"kind"`
	Raw  string `json:"raw"`
	Pos  Pos    `json:"pos"`
	Unit string `json:"unit,omitempty"`
}

// The codes of the reader's notes. The audit reads some of them (a row or
// table not found, a column not printed, a label unlike the template's), so
// they are part of the contract between reading and checking.
const (
	NoteMissingRow      = "missing_row"      // a row of table 二 or 三 was not found
	NoteMissingTable    = "missing_table"    // table 四's header was not found
	NoteMissingSection  = "missing_section"  // a section heading was not found
	NoteNoTotalColumn   = "no_total_column"  // table 三 printed without its 总计 column
	NoteFuzzyLabel      = "fuzzy_label"      // a row label read as the template's nearest one
	NoteRowReading      = "row_reading"      // a row's cells could not all be read for sure
	NoteCandidates      = "row_candidates"   // digits with several readings (Readings) the report alone cannot settle; a neighbouring year may
	NoteNeighbours      = "neighbour_years"  // a row_candidates row settled further by the neighbouring years' reports
	NoteTemplateGuessed = "template_guessed" // the format was taken from the year
	NoteEmptyReport     = "empty_report"     // no table states a number (a blank template)
	NoteScriptString    = "script_string"    // a web page escaped in a script string, read once unescaped
	NoteMixedFormat     = "mixed_format"     // table 二 printed in the other format than the report's: only the cells both share are read
)

// Section is one of the six numbered sections as the report prints it.
type Section struct {
	Number int    `json:"number"` // 1–6
	Title  string `json:"title"`  // the heading as printed
	Text   string `json:"text"`   // the body up to the next section
	Pos    Pos    `json:"pos"`
}

// Source describes the file a report was read from.
type Source struct {
	Name     string     `json:"name"`
	SHA256   string     `json:"sha256"`
	Size     int        `json:"size"`
	Format   FileFormat `json:"format"`
	Layout   Layout     `json:"layout,omitempty"`   // how the file laid out table 三
	Encoding string     `json:"encoding,omitempty"` // e.g. "utf-8", "gb18030"
}

// Layout says how a file laid out its tables, as the file was: the same
// report reads the same whichever layout it came in.
type Layout string

// The layouts readers tell apart.
const (
	// Plain text.
	LayoutPipeRows  Layout = "pipe-rows"  // one row per line, cells between '|'
	LayoutMarkdown  Layout = "markdown"   // pipe rows with a |---| line under the header
	LayoutCellLines Layout = "cell-lines" // one cell per line, each ending in '|'
	LayoutTabs      Layout = "tabs"       // one row per line, cells between tabs
	LayoutColumns   Layout = "columns"    // cells aligned in columns by spaces, as `pdftotext -layout` prints
	LayoutSquashed  Layout = "squashed"   // cells run together without separators, as scrapers print
	// Web pages and Word documents.
	LayoutTable Layout = "table" // table markup, merged cells spanning rows and columns
	// Excel workbooks.
	LayoutSheet Layout = "sheet" // worksheet cells, merged cells as ranges
	// PDF.
	LayoutRuled     Layout = "ruled"      // tables drawn with rules around their cells
	LayoutByColumns Layout = "by-columns" // tables without rules: cells known only by where they stand
)

// Label names the layout in Chinese, for people.
func (l Layout) Label() string {
	switch l {
	case LayoutPipeRows:
		return "每行一个表格行，竖线分隔"
	case LayoutMarkdown:
		return "竖线表格，表头下有分隔行"
	case LayoutCellLines:
		return "每行一个单元格"
	case LayoutTabs:
		return "制表符分隔"
	case LayoutColumns:
		return "空格对齐的列"
	case LayoutSquashed:
		return "单元格连写"
	case LayoutTable:
		return "表格"
	case LayoutSheet:
		return "工作表单元格"
	case LayoutRuled:
		return "有表格线的表格"
	case LayoutByColumns:
		return "无表格线，按位置分列"
	}
	return ""
}

// NewReport returns an empty report in the given format.
func NewReport(t Template) *Report {
	return &Report{Template: t, Active: map[string]Num{}}
}

// Cell returns table 三's cell at row r, column c.
func (r *Report) Cell(row Row, c Column) Num { return r.Requests[row][c] }

// AddNote records something the reader was unsure of.
func (r *Report) AddNote(n Note) { r.Notes = append(r.Notes, n) }
