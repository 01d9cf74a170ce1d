package devserver

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/sirupsen/logrus"
	"github.com/sirupsen/logrus/hooks/test"

	"github.com/tyk-ve/tyk-ve/internal/testutil"
)

const tsAPI = `{
  "name": "ts", "api_id": "ts", "org_id": "default", "use_keyless": true, "active": true,
  "proxy": {"listen_path": "/ts/", "target_url": "http://127.0.0.1:1", "strip_listen_path": true},
  "version_data": {"not_versioned": true, "versions": {"Default": {"name": "Default"}}},
  "config_data": {"tyk_ve": {"endpoints": [
    {"path": "/version", "method": "GET", "response_function_name": "version", "function_source_type": "file", "function_source_uri": "src/handler.ts"},
    {"path": "/fail", "method": "GET", "response_function_name": "fail", "function_source_type": "file", "function_source_uri": "src/handler.ts"}
  ]}}
}`

const tsHandler = `import { label, mustBePositive } from "./lib";

export function version(request: unknown, session: unknown, config: unknown) {
  return TykJsResponse({ Body: label(), Code: 200 }, {});
}

export function fail(request: unknown, session: unknown, config: unknown) {
  mustBePositive(-1);
}

declare function TykJsResponse(r: unknown, m: unknown): unknown;
`

const tsLib = `export const label = (): string => "v1";

export function mustBePositive(n: number): void {
  if (n <= 0) {
    throw new RangeError("not positive: " + n);
  }
}
`

func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, body := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func get(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// TestDevBuildsTypeScriptAndRebuildsOnChange: an endpoint whose source is
// a TypeScript module is built on the fly; editing a file it imports
// rebuilds it; a thrown error logs the original file and line.
func TestDevBuildsTypeScriptAndRebuildsOnChange(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"api.json": tsAPI, "src/handler.ts": tsHandler, "src/lib.ts": tsLib})
	logger, hook := test.NewNullLogger()
	var srv *Server
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { srv.ServeHTTP(w, r) }))
	var err error
	srv, err = New(Options{AppsDir: dir, Logger: logger, PollInterval: 5 * time.Millisecond}, ts.URL)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	watched := make(chan struct{})
	go func() { srv.Watch(ctx); close(watched) }()
	t.Cleanup(func() { cancel(); <-watched; ts.Close(); _ = srv.Close() })

	if code, body := get(t, ts.URL+"/ts/version"); code != 200 || body != "v1" {
		t.Fatalf("first build: %d %q", code, body)
	}
	if code, body := get(t, ts.URL+"/ts/fail"); code != 500 || strings.Contains(body, "not positive") {
		t.Fatalf("fail: %d %q", code, body)
	}
	logged := ""
	for _, e := range hook.AllEntries() {
		if err, ok := e.Data["error"].(error); ok {
			logged += err.Error()
		}
	}
	lib := filepath.Join(dir, "src", "lib.ts")
	for _, want := range []string{"RangeError: not positive: -1", "\tat mustBePositive (" + lib + ":5:11)", "\tat fail (" + filepath.Join(dir, "src", "handler.ts") + ":8:3)"} {
		if !strings.Contains(logged, want) {
			t.Errorf("log lacks %q:\n%s", want, logged)
		}
	}

	// the imported file changes (same size, so the stamp's time must tell)
	writeFiles(t, dir, map[string]string{"src/lib.ts": strings.Replace(tsLib, `"v1"`, `"v2"`, 1)})
	future := time.Now().Add(time.Hour)
	if err := os.Chtimes(lib, future, future); err != nil {
		t.Fatal(err)
	}
	testutil.WaitUntil(t, "the rebuilt endpoint to answer v2", func() bool {
		_, body := get(t, ts.URL+"/ts/version")
		return body == "v2"
	})
}

// TestDevBuildErrorNamesTheFile: a source that does not build answers the
// JSON 500 and logs esbuild's message with file, line and column.
func TestDevBuildErrorNamesTheFile(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"api.json": tsAPI, "src/handler.ts": tsHandler, "src/lib.ts": "export const label = () => ;\n"})
	logger, hook := test.NewNullLogger()
	logger.SetLevel(logrus.DebugLevel)
	srv, err := New(Options{AppsDir: dir, Logger: logger}, "http://127.0.0.1:1")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = srv.Close() })
	w := httptest.NewRecorder()
	srv.ServeHTTP(w, httptest.NewRequest("GET", "/ts/version", nil))
	if w.Code != 500 {
		t.Fatalf("answered %d %q", w.Code, w.Body.String())
	}
	logged := ""
	for _, e := range hook.AllEntries() {
		if err, ok := e.Data["error"].(error); ok && e.Data["api_id"] == "ts" {
			logged += err.Error() + "\n"
		}
	}
	if !strings.Contains(logged, "function_source_uri: building ") || !strings.Contains(logged, "lib.ts:1:28: Unexpected \";\"") {
		t.Errorf("log lacks the build error:\n%s", logged)
	}
}
