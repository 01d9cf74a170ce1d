// Package tyk is the root of a test double of the Tyk gateway module
// (github.com/TykTechnologies/tyk). The real module cannot be downloaded in
// tyk-ve's build environment, so this module mirrors only the API surface that
// tyk-ve's gateway glue and its host harness use: the ctx, config, apidef,
// apidef/oas, user and log packages, with the package paths, names,
// signatures, context keys and JSON tags of Tyk v5.9.2.
//
// It is a test double written from Tyk's public source, not a copy of it:
// behaviour is reproduced where tyk-ve depends on it (live versus deep-copied
// definitions, session write-back flags, marshalled field order) and omitted
// everywhere else.
package tyk
