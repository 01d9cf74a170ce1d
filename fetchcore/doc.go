// Package fetchcore is the network side of the JavaScript fetch() API: it
// checks and builds an outbound request from plain Go values (method, URL,
// header list, body bytes, redirect mode), sends it through the client the
// API's other outbound calls use (its transport, proxy settings and address
// policy), follows redirects as the WHATWG Fetch standard does ("follow"
// bounded to 20 hops, "manual", "error"), and reads the response body up
// to a byte cap.
//
// It knows nothing of JavaScript and never imports goja; package vm/fetch
// binds it to the Request, Response, Headers and fetch globals.
package fetchcore
