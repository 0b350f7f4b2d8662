package reader

import (
	"encoding/json"
	"math/rand/v2"
	"os"
	"sync"
	"testing"

	"nianbao/internal/gen"
)

// TestConcurrentReads reads web pages from several goroutines at once:
// the HTML reader and the matcher keep buffers in pools, and no reading
// may see another's. Run with -race to check the pools themselves.
func TestConcurrentReads(t *testing.T) {
	real, err := os.ReadFile("../testdata/real/shuyang-fgj-2023.html")
	if err != nil {
		t.Fatal(err)
	}
	pages := [][]byte{real}
	for i := range 6 {
		pages = append(pages, gen.RenderHTML(gen.New(rand.New(rand.NewPCG(uint64(i), 9)), gen.Options{Blanks: i%2 == 0})))
	}
	read := func(page []byte) (string, error) {
		rep, err := Read("page.html", page)
		if err != nil {
			return "", err
		}
		b, err := json.Marshal(rep)
		return string(b), err
	}
	want := make([]string, len(pages))
	for i, p := range pages {
		if want[i], err = read(p); err != nil {
			t.Fatal(err)
		}
	}
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Go(func() {
			for k := range 20 {
				i := (g + k) % len(pages)
				if got, err := read(pages[i]); err != nil || got != want[i] {
					t.Errorf("page %d read differently alongside others (%v)", i, err)
				}
			}
		})
	}
	wg.Wait()
}
