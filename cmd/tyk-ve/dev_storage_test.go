package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sirupsen/logrus"

	"github.com/tyk-ve/tyk-ve/internal/devserver"
	"github.com/tyk-ve/tyk-ve/kvstore"
	"github.com/tyk-ve/tyk-ve/kvstore/redistest"
	"github.com/tyk-ve/tyk-ve/plugin"
)

// TestDevRejectsBadRedis: a --redis that cannot be used stops the dev
// server before it listens, naming the flag.
func TestDevRejectsBadRedis(t *testing.T) {
	t.Parallel()
	l, _ := net.Listen("tcp", "127.0.0.1:0")
	closed := l.Addr().String()
	l.Close()
	for _, tc := range []struct{ url, want string }{
		{"http://localhost:6379", `--redis: redis URL: scheme "http"`},
		{"redis://localhost:99999", "--redis: redis URL: port"},
		{"redis://" + closed, "--redis: " + closed + " does not answer"},
	} {
		var stdout, stderr bytes.Buffer
		if code := runDev([]string{"--listen", "127.0.0.1:0", "--redis", tc.url}, &stdout, &stderr); code != 2 {
			t.Fatalf("%s: exit %d; stderr %s", tc.url, code, stderr.String())
		}
		if !strings.Contains(stderr.String(), tc.want) {
			t.Fatalf("stderr %q does not name %q", stderr.String(), tc.want)
		}
	}
}

// TestDevStorage: the dev server's scripts keep state in memory by default
// and in the Redis given by --redis.
func TestDevStorage(t *testing.T) {
	for _, tc := range []struct {
		name string
		url  func(t *testing.T) string
	}{
		{"memory", func(*testing.T) string { return "" }},
		{"redis", func(t *testing.T) string { return "redis://" + redistest.Start(t) + "/0" }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			store, err := devStorage(tc.url(t))
			if err != nil {
				t.Fatal(err)
			}
			defer store.Close()
			if tc.name == "memory" {
				if _, ok := store.(*kvstore.Memory); !ok {
					t.Fatalf("default store is %T", store)
				}
			}
			ts := storageDevServer(t, store)
			for _, want := range []string{"1", "2", "3"} {
				resp, err := http.Get(ts.URL + "/counter/hit")
				if err != nil {
					t.Fatal(err)
				}
				b, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				if string(b) != want {
					t.Fatalf("hit: %d %s, want %s", resp.StatusCode, b, want)
				}
			}
			if v, _, _ := store.Get(context.Background(), "jsvm-store:counter:hits"); v != "3" {
				t.Fatalf("stored counter = %q", v)
			}
		})
	}
}

func storageDevServer(t *testing.T, store kvstore.Store) *httptest.Server {
	t.Helper()
	apps := t.TempDir()
	def := map[string]interface{}{
		"api_id": "counter", "org_id": "o", "name": "counter", "use_keyless": true,
		"proxy": map[string]interface{}{"listen_path": "/counter/", "target_url": "http://127.0.0.1:1", "strip_listen_path": true},
		"config_data": map[string]interface{}{"tyk_ve": map[string]interface{}{"endpoints": []interface{}{map[string]interface{}{
			"path": "/hit", "method": "GET", "response_function_name": "hit", "function_source_type": "inline",
			"function_source": `function hit() { return TykJsResponse({Body: TykStorageIncr("hits"), Code: 200}, null) }`,
		}}}},
	}
	raw, _ := json.Marshal(def)
	if err := os.WriteFile(filepath.Join(apps, "counter.json"), raw, 0o600); err != nil {
		t.Fatal(err)
	}
	logger := logrus.New()
	logger.SetOutput(io.Discard)
	var srv *devserver.Server
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { srv.ServeHTTP(w, r) }))
	var err error
	srv, err = devserver.New(devserver.Options{AppsDir: apps, Logger: logger, Settings: plugin.Settings{Storage: store}}, ts.URL)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ts.Close(); _ = srv.Close() })
	return ts
}
