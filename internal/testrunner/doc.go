// Package testrunner is tyk-ve test: it reads test files that sit beside
// the scripts (JSON or YAML data, or JavaScript or TypeScript code: see
// codefile.go), serves each file's API from the dev server
// core, sends each test's request, answers the scripts' outbound requests
// (TykMakeHttpRequest, TykBatchRequest, and requests proxied to the API's
// target_url) from the test's stubs and from a recorded cassette, and
// compares the answer with what the test expects.
//
// With Record set, requests no stub answers go to the real upstreams once
// and their answers are stored in a cassette next to the test file, with
// secrets redacted; later runs replay the cassette and fail loudly, naming
// the URL, on a request it does not hold.
//
// A test file written as code is built by package jsbuild and run by
// package vm/testscript, which owns its JavaScript runtime; its tests
// drive this package's machinery through the goja-free testscript.Host
// (codeHost). This package imports no JavaScript engine itself.
package testrunner
