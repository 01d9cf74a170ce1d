// Package webtext owns the byte-level rules of the Web platform's text
// functions, without JavaScript: the WHATWG Encoding Standard's UTF-8
// decoder (replacement per maximal subpart, streaming, BOM handling) for
// TextDecoder and URL percent-decoding, and the forgiving-base64 of the
// HTML standard for atob and btoa. vm/webapi binds them.
package webtext
