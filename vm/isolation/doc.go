// Package isolation decides, from the scripts' syntax trees alone, how a
// runtime of a pool in isolated state gets back to the state of a new one
// between calls — Tyk gives every request a fresh top level, and a reused
// runtime must be indistinguishable from a new one.
//
// Analyze reads what one script can do to the global object (the names it
// declares and assigns, whether its top level only declares things).
// Decide adds the confinement analysis (confine*.go: no value that might be
// a built-in or API object is changed, followed through the whole script
// against a census of a fresh goja runtime's built-ins) and chooses a Plan:
//
//   - Restore: put back the globals a call can rebind, delete implicit
//     globals (the common case; no measurable cost);
//   - Replay: also clear the top-level bindings and run the top level
//     again (it builds objects); HoistLexicalDeclarations makes that legal;
//   - Fresh: replace the runtime by a newly loaded one, whenever the
//     analysis cannot show the scripts confined.
//
// FindReach (reach.go) reads which globals the scripts can reach, so that
// package vm installs only the areas of its API they can use.
//
// esbuild's runtime helpers in bundles built by tyk-ve build are trusted
// when they are exactly the code esbuild v0.28.2 emits and are only called
// as esbuild calls them (esbuild.go, esbuild_helpers.js).
//
// These are pure functions over parsed scripts, table-tested without a
// runtime; package vm applies the plan and its tests check every mode
// against a new runtime (the differential isolation test, FuzzIsolation).
package isolation
