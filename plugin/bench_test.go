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
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		r, w := req(), httptest.NewRecorder()
		b.StartTimer()
		h.Serve(w, r, srcKey, nil)
		if w.Code != 200 {
			b.Fatalf("answered %d %s", w.Code, w.Body.String())
		}
	}
}
