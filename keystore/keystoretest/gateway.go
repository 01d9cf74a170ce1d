// Package keystoretest provides a fake of the gateway's /tyk/keys REST API
// for tests of key store clients.
package keystoretest

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
)

// Secret is the gateway secret the fake accepts.
const Secret = "sup3r-s3cret-value"

// Gateway imitates the gateway's /tyk/keys endpoints.
type Gateway struct {
	mu       sync.Mutex
	sessions map[string]string
	requests []string
}

func (g *Gateway) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	g.mu.Lock()
	defer g.mu.Unlock()
	b, _ := io.ReadAll(r.Body)
	g.requests = append(g.requests, r.Method+" "+r.URL.RequestURI()+" "+string(b))
	w.Header().Set("Content-Type", "application/json")
	if r.Header.Get("X-Tyk-Authorization") != Secret {
		w.WriteHeader(http.StatusForbidden)
		_, _ = io.WriteString(w, `{"status":"error","message":"Attempted administrative access with invalid or missing key!"}`+"\n")
		return
	}
	key, ok := strings.CutPrefix(r.URL.EscapedPath(), "/tyk/keys/")
	if !ok {
		w.WriteHeader(http.StatusNotFound)
		return
	}
	switch r.Method {
	case http.MethodGet:
		s, ok := g.sessions[key]
		if !ok {
			w.WriteHeader(http.StatusNotFound)
			_, _ = io.WriteString(w, `{"status":"error","message":"Key not found"}`+"\n")
			return
		}
		_, _ = io.WriteString(w, s+"\n")
	case http.MethodPut:
		if _, ok := g.sessions[key]; !ok {
			w.WriteHeader(http.StatusNotFound)
			_, _ = io.WriteString(w, `{"status":"error","message":"Key is not found"}`+"\n")
			return
		}
		g.sessions[key] = string(b)
		_, _ = io.WriteString(w, `{"key":"`+key+`","status":"ok","action":"modified"}`+"\n")
	case http.MethodPost:
		g.sessions[key] = string(b)
		_, _ = io.WriteString(w, `{"key":"`+key+`","status":"ok","action":"added"}`+"\n")
	case http.MethodDelete:
		w.WriteHeader(http.StatusInternalServerError)
	}
}

// Requests lists the requests seen, as "METHOD URI BODY".
func (g *Gateway) Requests() []string {
	g.mu.Lock()
	defer g.mu.Unlock()
	return append([]string(nil), g.requests...)
}

// NewGateway starts a fake gateway holding key "key-1234"; it stops with
// the test.
func NewGateway(t testing.TB) (*Gateway, *httptest.Server) {
	g := &Gateway{sessions: map[string]string{"key-1234": `{"org_id":"o","quota_remaining":3,"meta_data":{"a":"<b>"}}`}}
	srv := httptest.NewServer(g)
	t.Cleanup(srv.Close)
	return g, srv
}
