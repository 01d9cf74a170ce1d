package plugin

import (
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
)

// BenchmarkServe measures the whole plugin path for the representative
// endpoint — routing, reading the body, building the request object, the
// deadline, the pooled call and writing the answer — with its allocations,
// beside the bare pooled call of vm.BenchmarkCall.
func BenchmarkServe(b *testing.B) {
	src, err := os.ReadFile("../vm/testdata/representative.js")
	if err != nil {
		b.Fatal(err)
	}
	def := classicAPI(b, "shop", map[string]interface{}{"endpoints": []interface{}{
		inline("POST", "/orders", "representative", string(src))}})
	h, _ := newTestHandler(b)
	srcKey := Source{Key: "bench", Load: func() ([]byte, error) { return def, nil }}
	const body = `{"order":"o-981","customer":"c-17","prefix":"SKU","qty":3,"express":true}`
	req := func() *http.Request {
		r := httptest.NewRequest("POST", "/shop/orders?region=eu-west", strings.NewReader(body))
		r.Header.Set("X-Trace-Id", "abc-123")
		r.Header.Set("Content-Type", "application/json")
		return r
	}
	w := httptest.NewRecorder()
	h.Serve(w, req(), srcKey, nil)
	if w.Code != 200 || !strings.Contains(w.Body.String(), `"region":"eu-west"`) {
		b.Fatalf("warm-up answered %d %s", w.Code, w.Body.String())
	}
	// Requests and recorders are made before the clock starts (stopping
	// the timer per iteration stops the world to read memory statistics,
	// which would dwarf what is measured).
	reqs, recs := make([]*http.Request, b.N), make([]*httptest.ResponseRecorder, b.N)
	for i := range reqs {
		reqs[i], recs[i] = req(), httptest.NewRecorder()
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		h.Serve(recs[i], reqs[i], srcKey, nil)
	}
	b.StopTimer()
	for _, w := range recs {
		if w.Code != 200 {
			b.Fatalf("answered %d %s", w.Code, w.Body.String())
		}
	}
}
