// Package archtest holds the tests that keep the repository's architecture
// as docs/architecture.md draws it: which packages may import goja, and that the
// packages kept free of JavaScript stay so. It has no code of its own.
package archtest
