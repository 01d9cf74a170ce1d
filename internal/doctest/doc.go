// Package doctest keeps the documentation true: its tests read README.md and
// docs/*.md, check that every relative link and anchor resolves, and run
// every code example — API definitions and manifests are parsed and
// validated by the code that reads them in production, JavaScript is loaded
// and called through the plugin core, shell lines name commands, flags and
// scripts that exist, and the quick start's requests are sent to a dev
// server whose answers must match the ones the docs show.
//
// A block that cannot stand alone (a fragment with "...") says so with an
// HTML comment on the line before it: <!-- doctest: skip (why) -->.
package doctest
