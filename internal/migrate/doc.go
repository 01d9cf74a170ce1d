// Package migrate builds tyk-ve's migration report (tyk-ve migrate-report):
// for every virtual endpoint in a folder of Tyk API definitions it sends
// sample requests through Tyk ≤ 5.14's otto engine (internal/ottoengine) and
// through tyk-ve's plugin core (plugin.Handler, serving the definitions' own
// endpoints), compares status, headers and body, and names the known cause
// of each difference.
//
// Samples come from a samples file (ParseSamples) or are generated from each
// endpoint's path pattern (GenerateSamples). Every sample is sent twice in a
// row, so state a first call leaves behind shows up; tyk-ve runs each API on
// a single runtime so the second call always meets it.
package migrate
