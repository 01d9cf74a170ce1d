// Package vm owns the JavaScript side of tyk-ve: compiled scripts, the pool of
// warm goja runtimes that run them, their lifecycle, the call path and the
// wiring of a call's arguments. The JavaScript API that Tyk's JSVM offers
// virtual endpoints (TykJsResponse, log, b64enc, TykMakeHttpRequest, …) is
// package vm/tykapi: each runtime installs it (apiAreas, api.go) and fills
// its tykapi.State per call; Host, Limits, Response and the API's errors are
// re-exported here under their old names.
//
// It and its subpackages are the only code that imports goja, and no goja
// type appears in its exported API: callers hand in Go values (a Call) and get Go values back (a
// Response). A Pool compiles its scripts once, keeps a bounded set of runtimes
// that each run on one goroutine at a time, bounds every call by the context's
// deadline (interrupting JavaScript and cancelling outbound requests), and
// destroys any runtime that was interrupted or failed in a way that could leave
// it inconsistent.
//
// The network side of TykMakeHttpRequest and TykBatchRequest (clients, the
// address policy, proxies) lives in package outbound, and the key store behind
// TykGetKeyData/TykSetKeyData in package keystore; neither knows JavaScript.
//
// Arguments are host objects built lazily from Go values and JSON text by
// package vm/hostobj; a runtime keeps a hostobj.ArgCache to hand an unchanged
// config or session object to its next call instead of building it again
// (args.go wires them: ConfigObject, PreparedJSON, Runtime.arguments).
//
// In state: isolated a reused runtime must be indistinguishable from a new
// one. Scripts are analysed once per pool by package vm/isolation (pure
// functions over the syntax trees, with a census of a new runtime's
// built-ins) to choose how runtimes are reset after each call: restore the
// globals a call can rebind, replay the top level, or replace the runtime;
// runtime.go applies the plan, off the response path when it costs more than
// a restore. isolation_diff_test.go checks the result against new runtimes.
package vm
