package host

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/tyk-ve/tyk-ve/internal/conformance"
)

// Environment of the plugin tests.
const (
	envPlugin = "TYKVE_PLUGIN_SO"
	envSymbol = "TYKVE_PLUGIN_SYMBOL"

	defaultSymbol = "VirtualEndpoint"
)

var (
	loadOnce   sync.Once
	loadedHook Hook
	loadErr    error
)

// pluginHook loads the plugin named by TYKVE_PLUGIN_SO once per process, or
// skips the test when it is unset.
func pluginHook(t *testing.T) Hook {
	t.Helper()
	path := os.Getenv(envPlugin)
	if path == "" {
		t.Skipf("%s is unset; run scripts/plugin-e2e.sh to build the plugin and run these tests", envPlugin)
	}
	symbol := os.Getenv(envSymbol)
	if symbol == "" {
		symbol = defaultSymbol
	}
	loadOnce.Do(func() { loadedHook, loadErr = LoadHook(path, symbol) })
	if loadErr != nil {
		t.Fatalf("loading the plugin like the gateway does: %v", loadErr)
	}
	return loadedHook
}

// TestPluginSymbol checks that the plugin loads and its symbol has exactly
// the gateway's request-hook type.
func TestPluginSymbol(t *testing.T) {
	if pluginHook(t) == nil {
		t.Fatal("nil hook")
	}
}

// TestConformance runs the shared conformance cases on the plugin.
func TestConformance(t *testing.T) {
	hook := pluginHook(t)
	cases, err := conformance.Load(filepath.Join("..", "conformance"))
	if err != nil {
		t.Fatal(err)
	}
	conformance.Run(t, cases, Target{Hook: hook})
}

// TestPluginConcurrentRequests drives one API from many goroutines and
// requires every answer to be right and no panic to escape into the gateway.
func TestPluginConcurrentRequests(t *testing.T) {
	hook := pluginHook(t)
	up := httptest.NewServer(http.NotFoundHandler())
	defer up.Close()
	g, srv := echoGateway(t, hook, up.URL)

	const workers, perWorker = 16, 25
	errs := make(chan error, workers*perWorker)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := 0; i < perWorker; i++ {
				resp, err := http.Get(fmt.Sprintf("%s/classic/echo/%d-%d", srv.URL, w, i))
				if err != nil {
					errs <- err
					continue
				}
				resp.Body.Close()
				if resp.StatusCode != http.StatusOK {
					errs <- fmt.Errorf("worker %d request %d: status %d", w, i, resp.StatusCode)
				}
			}
		}(w)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if n := g.Panics(); n != 0 {
		t.Errorf("%d panic(s) reached the gateway", n)
	}
}

// echoGateway serves the conformance case classic-inline-echo's API through
// hook, with upstream as its target; the server closes with the test.
func echoGateway(t *testing.T, hook Hook, upstream string) (*Gateway, *httptest.Server) {
	t.Helper()
	cases, err := conformance.Load(filepath.Join("..", "conformance"))
	if err != nil {
		t.Fatal(err)
	}
	var echo *conformance.Case
	for i := range cases {
		if cases[i].Name == "classic-inline-echo" {
			echo = &cases[i]
		}
	}
	if echo == nil {
		t.Fatal("case classic-inline-echo not found")
	}
	def, err := echo.APIDefinition(upstream)
	if err != nil {
		t.Fatal(err)
	}
	a, err := ParseAPI(def)
	if err != nil {
		t.Fatal(err)
	}
	g := New(hook, Config{})
	g.AddAPI(a)
	srv := httptest.NewServer(g)
	t.Cleanup(srv.Close)
	return g, srv
}
