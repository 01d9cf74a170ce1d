// Command staticplugin is the ceiling of the plugin load benchmark (issue
// 12, scripts/plugin-load.sh): a Go plugin whose hook answers the bytes
// tyk-ve's representative endpoint answers for the load scenario's request
// (answer.json; the benchmark compares the two answers before it measures),
// with the same headers, and does nothing else. Build it like tyk-ve:
//
//	GOWORK=testdata/go.work CGO_ENABLED=1 go build -buildmode=plugin -trimpath -tags=goplugin -o static.so ./testdata/host/cmd/staticplugin
package main

import (
	_ "embed"
	"net/http"
	"strconv"
)

//go:embed answer.json
var answer []byte

var contentLength = strconv.Itoa(len(answer))

// VirtualEndpoint answers the fixed body, as tyk-ve's hook would answer the
// representative endpoint.
func VirtualEndpoint(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("X-Region", "eu-west")
	h.Set("Server", "tyk")
	h.Set("X-Ratelimit-Limit", "0")
	h.Set("X-Ratelimit-Remaining", "0")
	h.Set("X-Ratelimit-Reset", "0")
	h.Set("Content-Length", contentLength)
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(answer)
}

func main() {}
