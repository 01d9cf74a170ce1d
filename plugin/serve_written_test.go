package plugin

import (
	"net/http/httptest"
	"testing"
)

// TestServeReportsWhetherItWrote: Serve's result is true exactly when it
// wrote a response, so that hosts need no writer of their own to tell.
func TestServeReportsWhetherItWrote(t *testing.T) {
	t.Parallel()
	h, _ := newTestHandler(t)
	def := classicAPI(t, "wrote", map[string]interface{}{"endpoints": []interface{}{
		inline("GET", "/ok", "ok", `function ok() { return TykJsResponse({Body: "ok", Code: 200}, {}) }`),
		inline("GET", "/loop", "loop", `function loop() { return TykJsResponse({Code: 302, Headers: {"Location": "tyk://self/ok"}}, {}) }`),
		func() map[string]interface{} {
			e := inline("GET", "/fails", "fails", `function fails() { throw new Error("no") }`)
			e["proxy_on_error"] = true
			return e
		}(),
		inline("GET", "/throws", "throws", `function throws() { throw new Error("no") }`),
	}})
	broken := classicAPI(t, "broken", map[string]interface{}{"timeout": "-1s"})
	tests := []struct {
		name   string
		def    []byte
		target string
		want   bool
	}{
		{"an answer", def, "/wrote/ok", true},
		{"no endpoint matches", def, "/wrote/other", false},
		{"a tyk:// loop", def, "/wrote/loop", false},
		{"proxy_on_error", def, "/wrote/fails", false},
		{"a script error", def, "/wrote/throws", true},
		{"an invalid configuration", broken, "/broken/x", true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			w := httptest.NewRecorder()
			def := tc.def
			got := h.Serve(w, httptest.NewRequest("GET", tc.target, nil), Source{Key: string(def), Load: func() ([]byte, error) { return def, nil }}, nil)
			if got != tc.want || (w.Body.Len() > 0) != tc.want {
				t.Fatalf("Serve = %v with %d bytes written, want %v", got, w.Body.Len(), tc.want)
			}
		})
	}
}
