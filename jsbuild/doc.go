// Package jsbuild turns an endpoint's entry file — TypeScript or JavaScript,
// an ES module importing relative files and npm packages from node_modules —
// into ONE classic script the plugin's runtimes (goja, which has no ES
// modules) can run, with a source map that points stack traces at the
// original files. It drives esbuild as a Go library (an ES module bundle,
// wrapped by wrap.go) and holds no JavaScript engine; it is linked into the
// tools (tyk-ve build, dev, bundle build), never into the plugin.
//
// The output:
//
//	var __tykve_module = (function () {
//	...the bundle, its export clause removed...
//	return { "default": orders_default, "handler": handler };
//	})();
//	var __tykve_default = __tykve_module["default"]; // with a default export
//	var handler = __tykve_module.handler;            // one line per named export
//	//# sourceMappingURL=...
//
// so a Tyk-style function exported by the entry (`export function
// handler(request, session, config)`) is a global of the same name, found by
// response_function_name as before, and a default export (a Workers-style
// `export default { async fetch(request, env, ctx) {} }`) is the global
// DefaultExportGlobal. An entry with no import or export at all is a plain
// script: it is only compiled (TypeScript removed, syntax lowered) and its
// top-level functions stay globals, as in an unbuilt Tyk script. A CommonJS
// entry's module.exports is its default export.
//
// The syntax is lowered to what goja runs: ES2022 less the features goja
// lacks (gojaUnsupported). docs/typescript.md is the user's guide.
package jsbuild
