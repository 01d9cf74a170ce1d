package host

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"strings"
	"sync/atomic"
	"testing"
)

const envStartFailChild = "TYKVE_TEST_START_FAIL_CHILD"

// TestPluginFailsClosedWhenItCannotStart: with settings the plugin rejects
// (here TYKVE_HEAP_LIMIT=150%), a request of an API that uses it answers 500
// with the JSON error body instead of reaching the upstream. The plugin
// builds its handler once per process, so the check runs in a child.
func TestPluginFailsClosedWhenItCannotStart(t *testing.T) {
	if os.Getenv(envStartFailChild) == "1" {
		startFailChild(t)
		return
	}
	pluginHook(t) // skips when no plugin was built
	cmd := exec.Command(os.Args[0], "-test.run=^TestPluginFailsClosedWhenItCannotStart$", "-test.v")
	cmd.Env = append(os.Environ(), envStartFailChild+"=1", "TYKVE_HEAP_LIMIT=150%")
	out, err := cmd.CombinedOutput()
	if err != nil || !strings.Contains(string(out), "--- PASS: TestPluginFailsClosedWhenItCannotStart") {
		t.Fatalf("child: %v\n%s", err, out)
	}
}

func startFailChild(t *testing.T) {
	hook := pluginHook(t)
	var reached atomic.Bool
	up := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { reached.Store(true) }))
	defer up.Close()
	_, srv := echoGateway(t, hook, up.URL)
	for i := 0; i < 2; i++ {
		resp, err := http.Get(srv.URL + "/classic/echo/x")
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		var e struct{ Error, ID string }
		if resp.StatusCode != 500 || json.Unmarshal(body, &e) != nil || !strings.Contains(e.Error, "configuration error") || e.ID == "" {
			t.Fatalf("request %d: %d %s; want 500 and the JSON configuration error", i, resp.StatusCode, body)
		}
	}
	if reached.Load() {
		t.Fatal("the request reached the upstream")
	}
}
