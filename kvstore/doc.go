// Package kvstore owns the shared storage behind the storage functions of
// virtual endpoints (TykStorageGet/Set/SetNX/Del/TTL/Incr and the
// Workers-style KV object): the Store interface, its Redis implementation
// (the gateway's own Redis, configured from tyk.conf's storage section), an
// in-memory implementation with the same semantics (the dev server's default
// and the reference the Redis store is tested against), the Bucket that gives
// one API its namespaced view with Tyk master's key prefix and size limits,
// and the optional node-local read tier in front of it.
//
// It knows nothing of JavaScript: the bindings live in vm/storage.
package kvstore
