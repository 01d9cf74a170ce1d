package devserver

import (
	"encoding/json"
	"io"
	"net/http"
)

// echoPath is the built-in upstream the example API proxies to: it answers
// with what it received, so pass-through requests can be seen working.
const echoPath = "/__tyk-ve/echo"

func serveEcho(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("X-Upstream", "tyk-ve-dev-echo")
	_ = json.NewEncoder(w).Encode(map[string]interface{}{
		"upstream": "tyk-ve dev echo",
		"method":   r.Method,
		"path":     r.URL.Path,
		"query":    r.URL.RawQuery,
		"headers":  r.Header,
		"body":     string(body),
	})
}
