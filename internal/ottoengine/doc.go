// Package ottoengine emulates how Tyk Gateway 5.14 and earlier run a virtual
// endpoint on otto, the ES5 interpreter behind its JSVM, so tyk-ve's
// migration report can compare tyk-ve's answers with the gateway's.
//
// Everything follows the gateway's source (gateway/mw_virtual_endpoint.go and
// gateway/mw_js_plugin.go), including its defects:
//
//   - One otto VM per API. The TykJS namespace, the Tyk API (log, rawlog,
//     b64enc/b64dec, rawb64enc/rawb64dec, TykMakeHttpRequest,
//     TykBatchRequest, TykGetKeyData/TykSetKeyData, TykJsResponse) and then
//     every endpoint's script are run into it once, at load. A script that
//     does not parse (ES5 only, RE2 regular expressions) is logged and
//     skipped: its endpoints then fail with a ReferenceError.
//   - Every request runs on a Copy of that VM: state computed by the top
//     level at load is seen by every request, and what a request changes is
//     thrown away.
//   - The call is JavaScript source assembled per request:
//     fn(<request JSON>, <session JSON>, <config JSON>); with the JSON
//     spliced in as object literals, as Go's encoding/json wrote it.
//   - The result is converted to a string and decoded with encoding/json
//     into {Response{Body, Headers, Code}, SessionMeta}. TykJsResponse is
//     JSON.stringify of {Response, SessionMeta}, and otto's JSON.stringify
//     walks the value into Go maps and marshals them with encoding/json:
//     keys come out sorted, <, > and & are escaped as \u003c, \u003e and
//     \u0026, and lone UTF-16 surrogates become U+FFFD.
//   - The response is written as forceResponse and handleForcedResponse
//     write it: header names canonicalised (unless raw), Server: tyk and a
//     Date, the X-RateLimit headers of the session's quota; a 301/302 to a
//     tyk:// Location writes nothing (the gateway then answers an empty 200);
//     a status outside 100–999 makes net/http panic and the connection drop.
//
// This package imports otto. Only the command-line side (cmd/tyk-ve and
// internal/migrate) may import it, never the plugin: a test in
// internal/migrate checks the plugin build's packages.
package ottoengine
