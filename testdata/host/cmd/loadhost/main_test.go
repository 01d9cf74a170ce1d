package main

import (
	"bufio"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tyk-ve/tyk-ve/internal/loadscenario/heappeak"
)

func TestParseFlags(t *testing.T) {
	t.Parallel()
	if _, err := parseFlags(nil); err == nil || !strings.Contains(err.Error(), "-so: required") {
		t.Fatalf("no -so: err = %v", err)
	}
	o, err := parseFlags([]string{"-so", "x.so", "-apps", "d", "-stop-on-stdin=false", "-static-so", "s.so", "-gateway-heap-mb", "300"})
	if err != nil || o.so != "x.so" || o.apps != "d" || o.stopOnStdin || o.symbol != "VirtualEndpoint" || o.listen != "127.0.0.1:0" ||
		o.staticSO != "s.so" || o.staticPrefix != "/static" || o.gatewayHeapMB != 300 {
		t.Fatalf("options %+v, err %v", o, err)
	}
	for _, args := range [][]string{
		{"-so", "x.so", "-static-so", "s.so", "-static-prefix", "static"},
		{"-so", "x.so", "-static-so", "s.so", "-static-prefix", "/static/"},
		{"-so", "x.so", "-gateway-heap-mb", "-1"},
	} {
		if _, err := parseFlags(args); err == nil {
			t.Errorf("%v: no error", args)
		}
	}
}

func TestBallast(t *testing.T) {
	t.Parallel()
	b := newBallast(8 << 20)
	if want := (8 << 20) / 72; len(b) != want {
		t.Fatalf("%d nodes, want %d", len(b), want)
	}
	for i, n := range b {
		if n.next == nil || n.other == nil || n.n[0] != int32(i) {
			t.Fatalf("node %d not linked: %+v", i, n)
		}
	}
	if newBallast(0) != nil {
		t.Fatal("a ballast of 0 bytes")
	}
}

func TestGatewayLoadsDefinitions(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	if _, err := gateway(func(http.ResponseWriter, *http.Request) {}, dir); err == nil {
		t.Fatal("empty directory: no error")
	}
	def := `{"api_id":"a","name":"a","use_keyless":true,"proxy":{"listen_path":"/a/","target_url":"http://127.0.0.1:9"}}`
	if err := os.WriteFile(filepath.Join(dir, "a.json"), []byte(def), 0o600); err != nil {
		t.Fatal(err)
	}
	g, err := gateway(func(w http.ResponseWriter, r *http.Request) { _, _ = io.WriteString(w, "hook "+r.URL.Path) }, dir)
	if err != nil {
		t.Fatal(err)
	}
	rec := httptest.NewRecorder()
	g.ServeHTTP(rec, httptest.NewRequest("GET", "/a/x", nil))
	if rec.Code != 200 || rec.Body.String() != "hook /a/x" {
		t.Fatalf("got %d %q", rec.Code, rec.Body)
	}
	if err := os.WriteFile(filepath.Join(dir, "b.json"), []byte(`{"api_id":""}`), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := gateway(func(http.ResponseWriter, *http.Request) {}, dir); err == nil || !strings.Contains(err.Error(), "b.json") {
		t.Fatalf("invalid definition: err = %v", err)
	}
}

func TestHeapHandler(t *testing.T) {
	t.Parallel()
	s := heappeak.Start(time.Millisecond)
	defer s.Close()
	h := heapHandler(s)
	for _, target := range []string{"/heap", "/heap?reset=1", "/heap?gc=1"} {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", target, nil))
		var v map[string]uint64
		if err := json.Unmarshal(rec.Body.Bytes(), &v); err != nil || v["heap_peak"] == 0 || v["heap_now"] == 0 {
			t.Fatalf("%s: %d %q (%v)", target, rec.Code, rec.Body, err)
		}
	}
}

// TestServesThePlugin runs the program on the built plugin (set by
// scripts/plugin-e2e.sh) with the load scenario's API, calls its
// representative endpoint and stops it by closing its standard input.
func TestServesThePlugin(t *testing.T) {
	so := os.Getenv("TYKVE_PLUGIN_SO")
	if so == "" {
		t.Skip("TYKVE_PLUGIN_SO is unset; run scripts/plugin-e2e.sh")
	}
	dir := t.TempDir()
	src := filepath.Join("..", "..", "..", "loadscenario")
	def, err := os.ReadFile(filepath.Join(src, "api.json"))
	if err != nil {
		t.Fatal(err)
	}
	abs, err := filepath.Abs(src)
	if err != nil {
		t.Fatal(err)
	}
	for _, js := range []string{"representative.js", "slowio.js", "spin.js", "alloc.js"} {
		def = []byte(strings.ReplaceAll(string(def), `"`+js+`"`, `"`+filepath.Join(abs, js)+`"`))
	}
	if err := os.WriteFile(filepath.Join(dir, "api.json"), def, 0o600); err != nil {
		t.Fatal(err)
	}
	stdinR, stdinW := io.Pipe()
	stdoutR, stdoutW := io.Pipe()
	done := make(chan error, 1)
	go func() {
		done <- run([]string{"-so", so, "-apps", dir}, stdinR, stdoutW)
		_ = stdoutW.Close()
	}()
	line, err := bufio.NewReader(stdoutR).ReadString('\n')
	if err != nil {
		t.Fatalf("no address line: %v (run: %v)", err, <-done)
	}
	go func() { _, _ = io.Copy(io.Discard, stdoutR) }()
	f := strings.Fields(line)
	if len(f) != 3 || f[0] != "loadhost" || f[1] != "listening" {
		t.Fatalf("address line %q", line)
	}
	req, _ := http.NewRequest("POST", f[2]+"/load/representative?region=eu-west",
		strings.NewReader(`{"order":"o-1","customer":"c-1","prefix":"SKU","qty":3,"express":true}`))
	req.Header.Set("X-Trace-Id", "t-1")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(body), `"trace":"t-1"`) || !strings.Contains(string(body), `"api":"loadscenario"`) {
		t.Fatalf("representative: %d %s", resp.StatusCode, body)
	}
	resp, err = http.Get(f[2] + "/__loadhost/heap")
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("heap endpoint: %v", err)
	}
	resp.Body.Close()
	_ = stdinW.Close()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("run: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("loadhost did not stop when its standard input closed")
	}
}
