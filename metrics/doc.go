// Package metrics owns tyk-ve's Prometheus metrics: the per-endpoint
// counters and latency histograms a request updates (resolved once per
// endpoint when an API is built, so a request costs a few atomic adds and no
// map lookup or allocation), the per-pool and node figures read from the
// pools and the heap guard when scraped, their exposition in the Prometheus
// text format, and the node-wide listener an operator switches on.
//
// It knows nothing of JavaScript or of the gateway: package plugin hands it
// plain values (PoolStats, NodeStats) and a Category per failed call.
package metrics
