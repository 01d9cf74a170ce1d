// Package storage is the JavaScript side of shared storage: the TykStorage*
// globals exactly as Tyk master defines them (synchronous; Get answers a
// string or null, SetNX a boolean, TTL a number, Incr a string; every failure
// — Redis down, a timeout, a key or value above its limit — a catchable
// Error, never a silent undefined), and a Workers KV-style object with
// Promise-returning get/put/delete/list for Workers-style handlers.
//
// The storage itself (Redis, memory, namespaces, limits, the local tier) is
// package kvstore; this package only converts values and errors.
package storage
