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
// The fast paths read goja's storage directly (ownkeys.go): a plain
// object's property list and map, an array's elements, Object.prototype's
// and Array.prototype's own properties, the Go object behind a host object,
// and goja's string type word (StringAt, the parse's string slab). The
// layout is checked once by reflection and by probes, and a mismatch (a
// new goja) turns every fast path off; TestPlainKeysActive fails then.
// What may run a script moves the stringifier's epoch on (scriptfree.go),
// so nothing read from storage is used after a script could have changed
// it. Members, NoToJSON and ExactString let TykJsResponse read its
// arguments the same way. A stringifier reuses its runtime's buffers
// between calls; ParseWith a runtime's Scratch.
//
// Each is held to a reference by fuzz tests in package vm: goja's own
// JSON.stringify (text, errors and the order of side effects) and
// encoding/json.
package jsonengine
