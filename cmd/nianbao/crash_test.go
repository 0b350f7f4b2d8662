package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"mime/multipart"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"testing"
	"time"

	"nianbao/internal/gen"
)

// program starts this test binary as nianbao itself (TestMain runs main
// when NIANBAO_RUN_MAIN=1), so that it can be killed as a process is.
func program(t *testing.T, args ...string) *exec.Cmd {
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(exe, args...)
	cmd.Env = append(os.Environ(), "NIANBAO_RUN_MAIN=1")
	return cmd
}

var listening = regexp.MustCompile(`http://127\.0\.0\.1:\d+/`)

// TestCrashServe: the server is killed (SIGKILL) at random moments while
// files are uploaded; after every restart each upload it had answered 200
// is there, with its file byte for byte.
func TestCrashServe(t *testing.T) {
	if testing.Short() {
		t.Skip("starts and kills servers")
	}
	db := filepath.Join(t.TempDir(), "crash.db")
	rng := rand.New(rand.NewPCG(5, 5))
	acked := map[int64][]byte{} // report id → the file uploaded
	next := 0
	for round := range 4 {
		srv := program(t, "serve", "--db", db, "--addr", "127.0.0.1:0")
		out, _ := srv.StdoutPipe()
		if err := srv.Start(); err != nil {
			t.Fatal(err)
		}
		url := waitURL(t, out)
		// What was acknowledged before the last kill is all there.
		for id, data := range acked {
			res, err := http.Get(fmt.Sprintf("%sapi/reports/%d/source", url, id))
			if err != nil {
				t.Fatal(err)
			}
			got, _ := io.ReadAll(res.Body)
			res.Body.Close()
			if res.StatusCode != 200 || !bytes.Equal(got, data) {
				t.Errorf("round %d: acknowledged report %d lost or changed (status %d)", round, id, res.StatusCode)
			}
		}
		// Upload until a random moment, then kill.
		killAt := time.Now().Add(time.Duration(100+rng.IntN(400)) * time.Millisecond)
		killed := make(chan struct{})
		go func() {
			time.Sleep(time.Until(killAt))
			srv.Process.Kill()
			close(killed)
		}()
		client := &http.Client{Timeout: 5 * time.Second}
	upload:
		for {
			select {
			case <-killed:
				break upload
			default:
			}
			data := gen.Render(gen.New(rand.New(rand.NewPCG(uint64(next), 31)), gen.Options{}), gen.PipeRows)
			next++
			id, ok := uploadOne(client, url, fmt.Sprintf("c%d.txt", next), data)
			if ok {
				acked[id] = data
			}
		}
		srv.Wait()
	}
	if len(acked) == 0 {
		t.Fatal("no upload was acknowledged")
	}
	t.Logf("%d acknowledged uploads survived 4 kills", len(acked))
}

func waitURL(t *testing.T, out io.Reader) string {
	t.Helper()
	found := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			if u := listening.FindString(sc.Text()); u != "" {
				found <- u
			}
		}
	}()
	select {
	case u := <-found:
		return u
	case <-time.After(60 * time.Second):
		t.Fatal("server did not start")
		return ""
	}
}

// uploadOne uploads one file and returns the stored report's id when the
// server answered 200.
func uploadOne(client *http.Client, url, name string, data []byte) (int64, bool) {
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	w, _ := mw.CreateFormFile("file", name)
	w.Write(data)
	mw.Close()
	res, err := client.Post(url+"api/reports", mw.FormDataContentType(), &body)
	if err != nil {
		return 0, false
	}
	defer res.Body.Close()
	var results []struct{ ID int64 }
	if res.StatusCode != 200 || json.NewDecoder(res.Body).Decode(&results) != nil || len(results) != 1 || results[0].ID == 0 {
		return 0, false
	}
	return results[0].ID, true
}

// TestCrashImport: an import killed at random moments, then run again to
// the end, leaves every file stored exactly once.
func TestCrashImport(t *testing.T) {
	if testing.Short() {
		t.Skip("starts and kills imports")
	}
	dir := t.TempDir()
	for i := range 300 {
		data := gen.Render(gen.New(rand.New(rand.NewPCG(uint64(i), 77)), gen.Options{}), gen.PipeRows)
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("r%03d.txt", i)), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	db := filepath.Join(t.TempDir(), "import.db")
	rng := rand.New(rand.NewPCG(9, 9))
	for range 3 {
		imp := program(t, "import", "--db", db, dir)
		if err := imp.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(time.Duration(50+rng.IntN(500)) * time.Millisecond)
		imp.Process.Kill()
		imp.Wait()
	}
	out, err := program(t, "import", "--db", db, dir).CombinedOutput()
	if err != nil {
		t.Fatalf("the last import: %v\n%s", err, out)
	}
	code, stdout, _ := run(t, "", "import", "--db", db, dir)
	if code != 0 || !bytes.Contains([]byte(stdout), []byte("导入 0 份，已存在 300 份，失败 0 份")) {
		t.Errorf("after the kills and a full run, a further import says %d %q; want every file there once", code, stdout)
	}
}
