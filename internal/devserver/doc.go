// Package devserver is tyk-ve's local development server: a small stand-in
// for the Tyk gateway that loads real API definition files (Classic and OAS,
// as in the gateway's app_path), routes requests by listen path, runs the
// same plugin core the gateway plugin runs — with the request context a post
// hook gets (the definition, no key session) — proxies everything else to the
// API's target_url, follows tyk:// loops, and reloads when files change.
package devserver
