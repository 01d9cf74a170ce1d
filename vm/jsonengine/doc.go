// Package jsonengine is tyk-ve's JSON for JavaScript values, replacing the
// parts of goja's that dominate a virtual endpoint's cost or that goja does
// not bound:
//
//   - Parse: JSON.parse's fast path, text straight to goja values without
//     reflection, nesting bounded by MaxDepth;
//   - Stringifier: JSON.stringify as one pass in Go, per the specification
//     (toJSON, replacer functions and property lists, boxed primitives,
//     proxies, indentation), with every getter read once, nesting, text
//     length and the call's deadline bounded (Limits), throwing a RangeError
//     where goja would overflow the Go stack or run on;
//   - Lexer, TextDecoder, ScanObject: JSON text read without building
//     goja values — for objects built lazily from JSON (package vm/hostobj) and for decoding what TykJsResponse writes, with
//     encoding/json's results.
//
// PlainKeys lists a plain object's keys without goja's per-key iterator
// allocations by reading goja's property list (the one unsafe read in
// tyk-ve; the layout is checked once and a mismatch turns it off, see
// ownkeys.go). A stringifier reuses its runtime's buffers between calls.
//
// Each is held to a reference by fuzz tests in package vm: goja's own
// JSON.stringify (text, errors and the order of side effects) and
// encoding/json.
package jsonengine
