// Command mkdivisions writes the division table the place package embeds
// (data/divisions.tsv.gz) from the CSV files of
// modood/Administrative-divisions-of-China (provinces, cities, areas,
// streets).
//
//	go run ./place/internal/mkdivisions -src DIR -out place/data/divisions.tsv.gz
//
// The output is one division a line, "code<TAB>name", in code order, so
// that every division follows its parent; beside it, data/divisions.names
// lists the divisions' positions in that order (two bytes each, little
// endian) sorted by name, then code, so that a name is found by binary
// search without building an index when the table is read. A township's code is written
// relative to its county (its last three digits), which keeps the file a
// fifth smaller. Two kinds of rows do not name a place and are changed:
//
//   - a prefecture row "市辖区", "县" or "省直辖县级行政区划" groups a
//     municipality's or a province's counties: it is left out, and those
//     counties belong to the province;
//   - a county row with its prefecture's name (东莞市 441900 under 东莞市
//     4419, which has no counties) is written as "code<TAB>=": the code
//     stands for the prefecture, and the townships that follow belong to it;
//   - a township row whose code ends in 000 repeats its county (金门县
//     350527000 under 金门县 350527): it is left out.
//
// The checks below fail on data that breaks what the place package relies
// on: every code starts with its parent's.
package main

import (
	"bufio"
	"compress/gzip"
	"encoding/binary"
	"encoding/csv"
	"flag"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// grouping are the names of prefecture rows that group counties.
var grouping = []string{"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}

func main() {
	src := flag.String("src", "", "directory holding provinces.csv, cities.csv, areas.csv and streets.csv")
	out := flag.String("out", "place/data/divisions.tsv.gz", "file to write; the name order goes beside it as divisions.names")
	flag.Parse()
	if *src == "" {
		log.Fatal("mkdivisions: -src is required")
	}
	lines, err := build(*src)
	if err != nil {
		log.Fatal(err)
	}
	order, err := nameOrder(lines)
	if err != nil {
		log.Fatal(err)
	}
	if err := write(*out, lines); err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(filepath.Dir(*out), "divisions.names"), order, 0o644); err != nil {
		log.Fatal(err)
	}
}

// nameOrder returns the positions of the divisions (the lines but the
// folded counties) sorted by name, then code, as two bytes each.
func nameOrder(lines []string) ([]byte, error) {
	type div struct{ name, code string }
	var divs []div
	county := ""
	for _, l := range lines {
		code, name, _ := strings.Cut(l, "\t")
		switch len(code) {
		case 6:
			county = code
		case 3:
			code = county + code
		}
		if name != "=" {
			divs = append(divs, div{name, code})
		}
	}
	if len(divs) > 1<<16 {
		return nil, fmt.Errorf("%d divisions do not fit two bytes each", len(divs))
	}
	order := make([]int, len(divs))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int {
		if c := strings.Compare(divs[a].name, divs[b].name); c != 0 {
			return c
		}
		return strings.Compare(divs[a].code, divs[b].code)
	})
	out := make([]byte, 0, 2*len(order))
	for _, i := range order {
		out = binary.LittleEndian.AppendUint16(out, uint16(i))
	}
	return out, nil
}

type row struct{ code, name, parent string }

// read returns the rows of one CSV file: code, name and the code of the
// parent column given (none for provinces).
func read(dir, file string, parentCol int) ([]row, error) {
	f, err := os.Open(filepath.Join(dir, file))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	var rows []row
	for _, r := range recs[1:] {
		x := row{code: r[0], name: r[1]}
		if parentCol > 0 {
			x.parent = r[parentCol]
		}
		if x.parent != "" && !strings.HasPrefix(x.code, x.parent) {
			return nil, fmt.Errorf("%s: %s %s does not start with its parent's code %s", file, x.code, x.name, x.parent)
		}
		rows = append(rows, x)
	}
	return rows, nil
}

func build(dir string) ([]string, error) {
	var tables [4][]row
	for k, f := range []struct {
		file   string
		parent int // the column of the parent's code
	}{{"provinces.csv", 0}, {"cities.csv", 2}, {"areas.csv", 2}, {"streets.csv", 2}} {
		rows, err := read(dir, f.file, f.parent)
		if err != nil {
			return nil, err
		}
		tables[k] = rows
	}
	provinces, cities, areas, streets := tables[0], tables[1], tables[2], tables[3]
	cityName := map[string]string{}
	type line struct{ code, text string }
	var lines []line
	for _, p := range provinces {
		lines = append(lines, line{p.code, p.code + "\t" + p.name})
	}
	for _, c := range cities {
		if slices.Contains(grouping, c.name) {
			continue
		}
		cityName[c.code] = c.name
		lines = append(lines, line{c.code, c.code + "\t" + c.name})
	}
	for _, a := range areas {
		if cityName[a.parent] == a.name {
			lines = append(lines, line{a.code, a.code + "\t="})
			continue
		}
		lines = append(lines, line{a.code, a.code + "\t" + a.name})
	}
	for _, s := range streets {
		if strings.HasSuffix(s.code, "000") {
			continue // 金门县 350527000 repeats its county
		}
		lines = append(lines, line{s.code, s.code[6:] + "\t" + s.name})
	}
	slices.SortFunc(lines, func(a, b line) int { return strings.Compare(a.code, b.code) })
	text := make([]string, len(lines))
	for i, l := range lines {
		text[i] = l.text
	}
	return text, nil
}

// write gzips the lines into file; the gzip header holds no name or time,
// so the same data gives the same bytes.
func write(file string, lines []string) error {
	f, err := os.Create(file)
	if err != nil {
		return err
	}
	zw, _ := gzip.NewWriterLevel(f, gzip.BestCompression)
	w := bufio.NewWriter(zw)
	for _, l := range lines {
		w.WriteString(l)
		w.WriteByte('\n')
	}
	if err := w.Flush(); err != nil {
		return err
	}
	if err := zw.Close(); err != nil {
		return err
	}
	return f.Close()
}
