// Package testscript runs the tyk-ve test files written as code
// (*.test.js, *.test.ts): it owns the goja runtime a test file runs in and
// the JavaScript API the file sees — api() and gateway() naming the API
// under test, test(name, fn) registering a test, and each test's t with
// requests, stubbed upstreams, the key session and assertions
// (prelude.js). It knows nothing of HTTP servers, stubs or cassettes: a
// test drives a Host, a goja-free interface that package
// internal/testrunner implements with the same machinery as its YAML
// files. No goja type leaves this package.
//
// The file is run as one script (package internal/testrunner builds it
// with package jsbuild first, so TypeScript and imports of helper files
// work, and positions are source-mapped back to them). Its top level runs
// once, in Load; each test runs when Run is called, synchronously: there
// is no event loop. Promise jobs run when the test function returns, so an
// async test that awaits only settled values has finished by then; a
// promise still pending is an error.
// A failed assertion records a failure with the location of the call and
// the test goes on; an exception ends the test, recorded with its stack.
package testscript
