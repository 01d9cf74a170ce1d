// Package outbound is the network side of the requests scripts make
// (TykMakeHttpRequest, TykBatchRequest) and of the key store: pooled HTTP
// clients whose dialer enforces an address Policy on every resolved address
// (link-local and cloud metadata addresses refused by default), the API's
// proxy and TLS options (Transport), a bounded cache of shared clients, and
// error helpers that keep credentials out of logs.
//
// It knows nothing of JavaScript and never imports goja: the JavaScript
// bindings in package vm call it with Go values, as k6 keeps its dialer and
// address blacklist in lib/netext apart from its JS modules.
package outbound
