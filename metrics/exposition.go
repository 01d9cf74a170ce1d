package metrics

import (
	"bufio"
	"net/http"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/common/expfmt"
)

// textContentType is the Prometheus text exposition format, version 0.0.4.
const textContentType = "text/plain; version=0.0.4; charset=utf-8"

// textHandler writes a gatherer's metrics in the text format. It stands in
// for promhttp's handler, which would link a zstd encoder into the plugin
// for content negotiation no scraper needs from a handful of series.
type textHandler struct{ g prometheus.Gatherer }

func (h textHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	// A collection error leaves the families gathered (a metric that could
	// not be collected is left out): what is known is still served.
	fams, _ := h.g.Gather()
	w.Header().Set("Content-Type", textContentType)
	if r.Method == http.MethodHead {
		return
	}
	bw := bufio.NewWriter(w)
	for _, f := range fams {
		if _, err := expfmt.MetricFamilyToText(bw, f); err != nil {
			return // the scraper went away
		}
	}
	_ = bw.Flush()
}
