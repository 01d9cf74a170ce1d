// Package webapi owns the Web platform basics every runtime gets beside the
// Tyk API: URL and URLSearchParams (WHATWG URL, parsed by package weburl),
// TextEncoder and TextDecoder (UTF-8 only), atob and btoa, console (to the
// gateway log), structuredClone (plain data) and DOMException.
//
// The classes are JavaScript (webapi.js, compiled once per process) over
// Go functions that scripts cannot reach: state lives in private class
// fields, so every method brand-checks its receiver as WebIDL does.
// What is not supported throws: a TextDecoder label other than UTF-8 a
// RangeError, structuredClone of a function, symbol or platform object a
// DataCloneError, a transfer list a DataCloneError.
package webapi
