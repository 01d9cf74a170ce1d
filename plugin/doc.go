// Package plugin is the gateway-facing core of tyk-ve, as an ordinary,
// race-testable package: it reads the tyk_ve configuration out of an API
// definition (Classic or OAS), decides which virtual endpoint a request hits
// (Tyk's path and method matching), maps the request, session and API into the
// JavaScript arguments, runs the function on the API's runtime pool, and
// writes the result — or a JSON error — as the HTTP response.
//
// It never imports the Tyk gateway: the thin glue in the repository root
// (behind the goplugin build tag) and the dev server hand it plain Go values
// through Handler.Serve.
package plugin
