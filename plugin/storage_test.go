package plugin

import (
	"context"
	"net"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/tyk-ve/tyk-ve/internal/testutil"
	"github.com/tyk-ve/tyk-ve/kvstore"
	"github.com/tyk-ve/tyk-ve/kvstore/redistest"
)

// counterJS counts calls with master's TykStorageIncr and reports storage
// errors in the body.
const counterJS = `function count(request) {
	try {
		var n = TykStorageIncr("hits", 60);
		return TykJsResponse({Body: typeof n + ":" + n, Code: 200}, null);
	} catch (e) {
		return TykJsResponse({Body: "error:" + e.message, Code: 503}, null);
	}
}`

func storageHandler(t *testing.T, store kvstore.Store) *Handler {
	t.Helper()
	logger, _ := testLogger()
	h, err := NewHandler(Settings{Storage: store}, logger)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = h.Close() })
	return h
}

func storageAPI(t *testing.T, id string, storage map[string]interface{}) []byte {
	cfg := map[string]interface{}{"endpoints": []interface{}{inline("GET", "/count", "count", counterJS)}}
	if storage != nil {
		cfg["storage"] = storage
	}
	return classicAPI(t, id, cfg)
}

// TestStorageThroughHandler: scripts reach the node's store through their
// API's namespace, on memory and on a real Redis.
func TestStorageThroughHandler(t *testing.T) {
	stores := map[string]func(t *testing.T) kvstore.Store{
		"memory": func(t *testing.T) kvstore.Store { return kvstore.NewMemory(kvstore.MemoryOptions{}) },
		"redis": func(t *testing.T) kvstore.Store {
			host, port, _ := net.SplitHostPort(redistest.Start(t))
			p, _ := strconv.Atoi(port)
			r, err := kvstore.NewRedis(kvstore.RedisConfig{Host: host, Port: p})
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { _ = r.Close() })
			_ = r.Del(context.Background(), "jsvm-store:hits")
			return r
		},
	}
	for name, mk := range stores {
		t.Run(name, func(t *testing.T) {
			store := mk(t)
			h := storageHandler(t, store)
			suffix := strconv.FormatInt(time.Now().UnixNano(), 36) // unique on a shared Redis
			a, b := "sa"+suffix, "sb"+suffix
			shared := "sc" + suffix
			defA, defB := storageAPI(t, a, nil), storageAPI(t, b, nil)
			defShared := storageAPI(t, shared, map[string]interface{}{"shared": true})
			for i, want := range []string{"string:1", "string:2"} {
				if w := serve(t, h, defA, "GET", "/"+a+"/count", "", nil); w.Body.String() != want {
					t.Fatalf("api a call %d: %d %s", i, w.Code, w.Body)
				}
			}
			if w := serve(t, h, defB, "GET", "/"+b+"/count", "", nil); w.Body.String() != "string:1" {
				t.Fatalf("api b sees api a's counter: %s", w.Body)
			}
			if w := serve(t, h, defShared, "GET", "/"+shared+"/count", "", nil); w.Body.String() != "string:1" {
				t.Fatalf("shared: %s", w.Body)
			}
			ctx := context.Background()
			for key, want := range map[string]string{"jsvm-store:" + a + ":hits": "2", "jsvm-store:" + b + ":hits": "1", "jsvm-store:hits": "1"} {
				if v, _, _ := store.Get(ctx, key); v != want {
					t.Errorf("stored %s = %q, want %q", key, v, want)
				}
			}
		})
	}
}

// TestStorageUnavailable: without a node store, or with storage disabled,
// the functions throw master's error, which the script catches.
func TestStorageUnavailable(t *testing.T) {
	want := "error:" + kvstore.ErrUnavailable.Error()
	h := storageHandler(t, nil)
	if w := serve(t, h, storageAPI(t, "nostore", nil), "GET", "/nostore/count", "", nil); w.Body.String() != want {
		t.Fatalf("no store: %s", w.Body)
	}
	h = storageHandler(t, kvstore.NewMemory(kvstore.MemoryOptions{}))
	def := storageAPI(t, "off", map[string]interface{}{"disabled": true})
	if w := serve(t, h, def, "GET", "/off/count", "", nil); w.Body.String() != want {
		t.Fatalf("disabled: %s", w.Body)
	}
}

func TestStorageConfigValidate(t *testing.T) {
	tests := []struct {
		name, raw, want string
	}{
		{"namespace with shared", `{"storage":{"shared":true,"namespace":"x"}}`, "tyk_ve.storage.namespace:"},
		{"long namespace", `{"storage":{"namespace":"` + strings.Repeat("n", 300) + `"}}`, "tyk_ve.storage.namespace:"},
		{"value size", `{"storage":{"max_value_size":"1GiB"}}`, "tyk_ve.storage.max_value_size:"},
		{"local ttl", `{"storage":{"local":{"ttl":"-1s"}}}`, "tyk_ve.storage.local.ttl:"},
		{"unknown field", `{"storage":{"nope":1}}`, "nope"},
		{"ok", `{"storage":{"namespace":"orders","max_value_size":"64KiB","local":{"ttl":"2s","max_size":"1MiB"}}}`, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseConfig([]byte(tc.raw))
			if tc.want == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want %q", err, tc.want)
			}
		})
	}
}

// TestStorageLocalTierConfig: tyk_ve.storage.local puts the tier in front
// and max_value_size reaches the bucket.
func TestStorageLocalTierConfig(t *testing.T) {
	store := kvstore.NewMemory(kvstore.MemoryOptions{})
	h := storageHandler(t, store)
	src := `function rd() {
		var v = TykStorageGet("flag");
		var big = "ok";
		try { TykStorageSet("big", "x".repeat(20)) } catch (e) { big = e.message }
		return TykJsResponse({Body: v + "|" + big, Code: 200}, null);
	}`
	def := classicAPI(t, "local1", map[string]interface{}{
		"endpoints": []interface{}{inline("GET", "/rd", "rd", src)},
		"storage":   map[string]interface{}{"max_value_size": 10, "local": map[string]interface{}{"ttl": "1h"}},
	})
	ctx := context.Background()
	_ = store.Set(ctx, "jsvm-store:local1:flag", "on", 0)
	if w := serve(t, h, def, "GET", "/local1/rd", "", nil); w.Body.String() != "on|storage value exceeds 10 bytes" {
		t.Fatalf("first read: %s", w.Body)
	}
	_ = store.Set(ctx, "jsvm-store:local1:flag", "off", 0) // behind the node's back
	if w := serve(t, h, def, "GET", "/local1/rd", "", nil); !strings.HasPrefix(w.Body.String(), "on|") {
		t.Fatalf("within local.ttl the node serves its copy: %s", w.Body)
	}
}

// TestStorageLocalBudgetReleasedOnReload: replacing an API gives its local
// tier's bytes back to the node budget.
func TestStorageLocalBudgetReleasedOnReload(t *testing.T) {
	budget := kvstore.NewLocalBudget(1 << 20)
	logger, _ := testLogger()
	h, err := NewHandler(Settings{Storage: kvstore.NewMemory(kvstore.MemoryOptions{}), StorageLocalBudget: budget}, logger)
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	src := `function rd() { TykStorageSet("k", "v"); return TykJsResponse({Body: TykStorageGet("k"), Code: 200}, null) }`
	cfg := func(v string) []byte {
		return classicAPI(t, "reload", map[string]interface{}{
			"endpoints": []interface{}{inline("GET", "/rd", "rd", src+"//"+v)},
			"storage":   map[string]interface{}{"local": map[string]interface{}{"ttl": "1h"}},
		})
	}
	if w := serve(t, h, cfg("1"), "GET", "/reload/rd", "", nil); w.Body.String() != "v" {
		t.Fatalf("first: %s", w.Body)
	}
	held := budget.Used()
	if held == 0 {
		t.Fatal("nothing cached")
	}
	if w := serve(t, h, cfg("2"), "GET", "/reload/rd", "", nil); w.Body.String() != "v" {
		t.Fatalf("after reload: %s", w.Body)
	}
	testutil.WaitUntil(t, "the replaced API's tier to give its bytes back", func() bool { return budget.Used() == held })
}
