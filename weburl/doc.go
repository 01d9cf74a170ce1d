// Package weburl owns the WHATWG URL Standard's URL model for the
// JavaScript URL and URLSearchParams classes: the basic URL parser (with
// state overrides, which the setters use), host parsing (domains, IPv4,
// IPv6, opaque hosts), serialisation, origins and the
// application/x-www-form-urlencoded parser and serialiser. It knows no
// JavaScript; vm/webapi binds it.
//
// Supported: every state of the basic URL parser for UTF-8 input,
// special and non-special schemes, file URLs with Windows drive letters,
// percent-encode sets, IPv4 in all its legacy number forms, IPv6 with
// embedded IPv4 and compression, opaque paths.
//
// Not supported or approximated, documented for callers:
//   - domain to ASCII is UTS #46 approximated by NFKC, lower-casing and
//     Punycode (golang.org/x/text): the mapping table's deviations and
//     disallowed code points, and the Bidi and ContextJ checks, are not
//     applied, so a few exotic hosts the standard rejects are accepted;
//   - query encodings other than UTF-8 (the parser's encoding override);
//   - validation errors are not reported (only failures, as in browsers);
//   - the blob: scheme's origin is derived as the standard says, but no
//     blob URL store exists.
package weburl
