// Package jsbuild turns an endpoint's entry file — TypeScript or JavaScript,
// an ES module importing relative files and npm packages from node_modules —
// into ONE script the plugin's runtimes (goja) can run, with a source map
// that points stack traces at the original files. It drives esbuild as a Go
// library and holds no JavaScript engine itself.
//
// The output is a classic script (goja has no ES modules):
//
//	var __tykve_module = (() => { ...the bundle... })();
//	var handler = __tykve_module.handler;          // one line per named export
//	var __tykve_default = __tykve_module["default"]; // when there is a default export
//	//# sourceMappingURL=...
//
// so a Tyk-style function exported by the entry (`export function
// handler(request, session, config)`) is a global of the same name, found by
// response_function_name as before, and a default export (a Workers-style
// `export default { async fetch(request, env, ctx) {} }`) is the global
// DefaultExportGlobal. An entry with no import or export at all is a plain
// script: it is only compiled (TypeScript removed, syntax lowered), its
// top-level functions stay globals, as in an unbuilt Tyk script.
//
// The syntax is lowered to what goja runs: ES2022 less the features goja
// lacks (async generators, for await, logical assignment, some RegExp
// features; see gojaUnsupported).
package jsbuild
