// Package fetch binds the WHATWG Fetch subset to a goja runtime: the
// globals fetch, Headers, Request, Response, AbortController, AbortSignal
// and DOMException (fetch.js), with the network work done by package
// fetchcore on goroutines and each result handed back to the runtime's own
// goroutine through its event loop (vm/eventloop). It also converts the
// request and the result of a Workers-style handler (workers.go).
//
// Every fetch goes through the Host of the running call: its outbound
// client (transport, proxy, address policy), its response body cap and its
// request count, the one TykMakeHttpRequest and TykBatchRequest use. A
// fetch is bounded by the call's context, and EndCall cancels whatever is
// still in flight when the call ends.
package fetch
