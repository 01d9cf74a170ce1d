package loadscenario

import (
	"bytes"
	"net/http"
)

// request is one endpoint's fixed request.
type request struct {
	method, path string
	body         []byte
	header       http.Header
}

// representativeBody is the representative endpoint's request body (the
// soak's and the benchmarks' order).
const representativeBody = `{"order":"o-1","customer":"c-1","prefix":"SKU","qty":3,"express":true}`

// requests are the scenario's requests, by endpoint name.
var requests = map[string]request{
	Representative: {method: http.MethodPost, path: listenPath + Representative + "?region=eu-west",
		body: []byte(representativeBody), header: http.Header{"X-Trace-Id": {"load"}, "Content-Type": {"application/json"}}},
	SlowIO: {method: http.MethodGet, path: listenPath + SlowIO},
	Spin:   {method: http.MethodGet, path: listenPath + Spin},
	Alloc:  {method: http.MethodGet, path: listenPath + Alloc},
}

// resettableBody is a request body a worker rewinds for each request, so a
// request and its body are allocated once per client, not per request.
type resettableBody struct{ bytes.Reader }

func (*resettableBody) Close() error { return nil }
