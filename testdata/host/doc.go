// Package host is a small imitation of the Tyk gateway around a `post` Go
// plugin, used to test tyk-ve's compiled plugin end to end.
//
// It loads the plugin like goplugin.GetHandler does, routes requests by
// listen path to Classic or OAS API definitions, authenticates keyed APIs
// from an in-memory session store, injects the definition and session into
// the request context with the ctx double, wraps the writer like Tyk's
// customResponseWriter and calls the hook. When the hook writes nothing the
// request continues: a tyk:// URL loops back into an API, anything else is
// proxied to the API's target URL. Modified sessions are written back, and
// panics are recovered and counted, as the gateway does.
//
// Build it in the testdata/go.work workspace, with the same flags as the
// plugin (-trimpath), so that both share identical packages. Each gateway
// behaviour mirrored here is described in /work/shared/tyk-contract.md §3.3.
package host
