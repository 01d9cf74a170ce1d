package host

import (
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"strconv"
	"testing"

	"github.com/TykTechnologies/tyk/config"

	"github.com/tyk-ve/tyk-ve/kvstore/redistest"
)

// envStorage runs TestPluginStorage. The gateway configuration is
// process-wide (the first New wins, and the plugin reads it once), so
// scripts/plugin-e2e.sh runs this test alone in its own process.
const envStorage = "TYKVE_E2E_STORAGE"

// TestPluginStorage: the plugin inside the gateway reaches the gateway's own
// Redis, named by tyk.conf's storage section, through TykStorage*, with its
// keys under the API's namespace.
func TestPluginStorage(t *testing.T) {
	if os.Getenv(envStorage) == "" {
		t.Skipf("%s is unset; scripts/plugin-e2e.sh runs this test in a process of its own", envStorage)
	}
	hook := pluginHook(t)
	addr := redistest.Start(t)
	host, port, _ := net.SplitHostPort(addr)
	p, _ := strconv.Atoi(port)

	def, _ := json.Marshal(map[string]interface{}{
		"api_id": "stored", "org_id": "o", "name": "stored", "use_keyless": true,
		"proxy": map[string]interface{}{"listen_path": "/stored/", "target_url": "http://127.0.0.1:1", "strip_listen_path": true},
		"custom_middleware": map[string]interface{}{"driver": "goplugin",
			"post": []interface{}{map[string]interface{}{"name": "VirtualEndpoint", "path": "tyk-ve.so"}}},
		"config_data": map[string]interface{}{"tyk_ve": map[string]interface{}{"endpoints": []interface{}{map[string]interface{}{
			"path": "/hit", "method": "GET", "response_function_name": "hit", "function_source_type": "inline",
			"function_source": `function hit() {
				var n = TykStorageIncr("hits", 60);
				return TykJsResponse({Body: typeof n + ":" + n + ":" + TykStorageTTL("hits"), Code: 200}, null);
			}`,
		}}}},
	})
	a, err := ParseAPI(def)
	if err != nil {
		t.Fatal(err)
	}
	g := New(hook, Config{Storage: config.StorageOptionsConf{Type: "redis", Host: host, Port: p}})
	g.AddAPI(a)
	srv := httptest.NewServer(g)
	defer srv.Close()
	for _, want := range []string{"string:1:60", "string:2:60"} {
		resp, err := http.Get(srv.URL + "/stored/hit")
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if string(b) != want {
			t.Fatalf("got %d %q, want %q", resp.StatusCode, b, want)
		}
	}
	if got := redisGet(t, addr, "jsvm-store:stored:hits"); got != "2" {
		t.Fatalf("the gateway's Redis holds %q under jsvm-store:stored:hits", got)
	}
}

// redisGet reads a key with a bare RESP exchange.
func redisGet(t *testing.T, addr, key string) string {
	t.Helper()
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	cmd := "*2\r\n$3\r\nGET\r\n$" + strconv.Itoa(len(key)) + "\r\n" + key + "\r\n"
	if _, err := io.WriteString(c, cmd); err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 256)
	n, _ := c.Read(buf)
	reply := string(buf[:n]) // "$1\r\n2\r\n" or "$-1\r\n"
	if len(reply) < 4 || reply[:3] == "$-1" {
		return ""
	}
	for i := 0; i+1 < len(reply); i++ {
		if reply[i] == '\r' && reply[i+1] == '\n' {
			rest := reply[i+2:]
			if j := len(rest) - 2; j >= 0 {
				return rest[:j]
			}
		}
	}
	return reply
}
