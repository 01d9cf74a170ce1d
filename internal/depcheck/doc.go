// Package depcheck finds the modules of our build list that would upgrade a
// Tyk Gateway dependency when the plugin is built the way the plugin
// compiler builds it.
//
// The compiler puts the gateway and the plugin in one Go workspace, where
// minimal version selection picks the higher requirement of each module
// (tyk-contract §6). If we require a module the gateway also requires, at a
// newer version, the plugin is compiled against a different version of that
// module's packages than the gateway binary holds, and plugin.Open fails
// with "plugin was built with a different version of package ...". Equal or
// older requirements are harmless: the gateway's version wins.
//
// The package compares Go module versions as the go command does: semantic
// versions with prereleases, pseudo-versions (which are prereleases of the
// version they follow) and +incompatible (build metadata, ignored when
// ordering). It reads the gateway's requirements from a go.mod (through
// `go mod edit -json`) or from lists; the supported gateways' lists live in
// gateways/ (with a README on how each was taken) and are embedded, so
// Supported needs no file beside the binary. Our build list comes from
// `go list -m -json all`.
package depcheck
