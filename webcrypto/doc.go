// Package webcrypto is the Go side of the Web Crypto API (W3C Web
// Cryptography API, with the Ed25519 algorithm of its current draft) that
// scripts reach as crypto.subtle: algorithm normalization, key import,
// digest, HMAC sign and verify, and signature verification with RSA
// (RSASSA-PKCS1-v1_5, RSA-PSS), ECDSA and Ed25519 public keys. It is built on
// the standard library only and knows no JavaScript: package vm/webcrypto
// converts JavaScript values to the Go values here and back.
//
// Every failure is an *Error whose Name is the exception the standard
// prescribes (a DOMException name such as "DataError" or "NotSupportedError",
// or "TypeError" where WebIDL conversion would fail), so the binding can
// reject a script's promise with exactly what a browser would.
//
// What exists (everything else is NotSupportedError):
//
//   - digest: SHA-1, SHA-256, SHA-384, SHA-512.
//   - importKey: HMAC (raw, jwk); RSASSA-PKCS1-v1_5 and RSA-PSS public keys
//     (spki, jwk); ECDSA public keys on P-256, P-384 and P-521 (spki, jwk,
//     raw); Ed25519 public keys (spki, jwk, raw). Private keys (pkcs8, or a
//     JWK with "d") are not supported.
//   - sign: HMAC. verify: HMAC, RSASSA-PKCS1-v1_5, RSA-PSS, ECDSA (the raw
//     r||s signature of Web Crypto, not ASN.1), Ed25519.
//   - exportKey: HMAC keys (raw, jwk); RSA public keys (spki, jwk); ECDSA and
//     Ed25519 public keys (spki, jwk, raw).
//
// Policy beyond the standard: RSA moduli must be 2048 to 16384 bits and
// public exponents odd, at least 3 and below 2^31 (NotSupportedError
// otherwise); HMAC key lengths must be whole bytes.
package webcrypto
