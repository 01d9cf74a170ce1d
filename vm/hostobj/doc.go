// Package hostobj owns the host objects a virtual endpoint receives as its
// arguments — Tyk's request, session and config objects — built lazily in a
// goja runtime from Go values and JSON text, and the cache that lets a
// runtime hand an unchanged config or session object to its next call:
//
//   - NewRequest: the RequestObject as a lazy object (lazyobject.go) whose
//     Headers and Params are multi-maps of value arrays (multimap.go), built
//     only for the fields a function reads, in encoding/json's key order
//     and with its replacement of invalid UTF-8;
//   - JSONTree: a JSON object (session, config) as dynamic objects whose
//     members are parsed on first access, with every change recorded
//     (jsontree.go);
//   - Doc, ArgCache, CachedArg: JSON scanned once, and the per-runtime reuse
//     of the trees built from it while no call changed them (argcache.go).
//
// To scripts each object behaves as the plain object Tyk would build with
// JSON.parse; package vm's tests (args_test.go, argcache_test.go,
// multimap_test.go, FuzzParseJSONValue) hold them to that end to end.
// Package vm owns the runtimes and calls NewRequest and ArgCache when it
// builds a call's arguments.
package hostobj
