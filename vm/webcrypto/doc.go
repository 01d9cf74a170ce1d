// Package webcrypto is the JavaScript binding of Web Crypto: Install defines
// the global crypto (randomUUID, getRandomValues, subtle) and CryptoKey, and
// DOMException when the runtime has none. The cryptography and every check
// the standard makes live in the goja-free package webcrypto at the
// repository's top level; this package converts values (WebIDL-style:
// BufferSource, AlgorithmIdentifier, JsonWebKey, sequence<KeyUsage>) and
// turns results into Promises.
//
// Promises settle before the method returns (the work is synchronous and
// CPU-bound), so their reactions run as goja's job queue drains when the
// outermost call returns: `await crypto.subtle.verify(...)` works in an
// async function without an event loop. Every failure, argument conversion
// included, rejects the promise (as WebIDL requires of promise-returning
// operations) with a TypeError or a DOMException carrying the standard's
// name; an interrupt still stops the script.
package webcrypto
