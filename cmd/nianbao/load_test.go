package main

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"mime/multipart"
	"net/http"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"nianbao/internal/gen"
)

// TestLoad: 50 uploads at once (ten files twice), each read in serve's
// child process, while reads go on, on loopback. Every file is stored
// once, every upload is answered, and reads stay fast meanwhile.
func TestLoad(t *testing.T) {
	if testing.Short() {
		t.Skip("loads a server for some seconds")
	}
	url, stop := startServe(t, "--db", filepath.Join(t.TempDir(), "load.db"))
	defer stop()
	files := make([][]byte, 40)
	for i := range files {
		files[i] = gen.Render(gen.New(rand.New(rand.NewPCG(uint64(i), 99)), gen.Options{}), gen.PipeRows)
	}
	files = append(files, files[:10]...) // ten sent twice, at once

	client := &http.Client{Timeout: 60 * time.Second}
	var wg sync.WaitGroup
	var mu sync.Mutex
	var failed []string
	for i, data := range files {
		wg.Go(func() {
			var body bytes.Buffer
			mw := multipart.NewWriter(&body)
			w, _ := mw.CreateFormFile("file", fmt.Sprintf("r%02d.txt", i%40))
			w.Write(data)
			mw.Close()
			res, err := client.Post(url+"api/reports", mw.FormDataContentType(), &body)
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				failed = append(failed, err.Error())
				return
			}
			res.Body.Close()
			if res.StatusCode != 200 {
				failed = append(failed, fmt.Sprintf("upload %d: status %d", i, res.StatusCode))
			}
		})
	}
	// Reads while the uploads are read and written.
	var reads []time.Duration
	done := make(chan struct{})
	go func() {
		defer close(done)
		for range 100 {
			start := time.Now()
			res, err := client.Get(url + "api/reports?per_page=20")
			if err != nil {
				t.Error(err)
				return
			}
			res.Body.Close()
			reads = append(reads, time.Since(start))
		}
	}()
	wg.Wait()
	<-done
	if len(failed) > 0 {
		t.Fatalf("%d uploads failed: %q", len(failed), failed)
	}
	if n := reportTotal(t, url); n != 40 {
		t.Errorf("%d reports stored; want the 40 distinct files once each", n)
	}
	slices.Sort(reads)
	p95 := reads[len(reads)*95/100]
	t.Logf("reads during 50 uploads: p50 %v, p95 %v", reads[len(reads)/2], p95)
	if p95 > 2*time.Second {
		t.Errorf("reads p95 %v while uploading; want well under 2 s", p95)
	}
}
