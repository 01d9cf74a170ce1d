package webcrypto

import (
	"encoding/base64"
	"os"
	"testing"

	"github.com/dop251/goja"
)

// newRuntime is a fresh runtime with Install done and testdata/jwt.js run.
func newRuntime(t testing.TB) *goja.Runtime {
	t.Helper()
	rt := goja.New()
	if err := Install(rt, Options{}); err != nil {
		t.Fatal(err)
	}
	src, err := os.ReadFile("testdata/jwt.js")
	if err != nil {
		t.Fatal(err)
	}
	prog, err := goja.Compile("testdata/jwt.js", string(src), true)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := rt.RunProgram(prog); err != nil {
		t.Fatal(err)
	}
	return rt
}

// settle runs src, an expression giving a promise, and returns the
// promise's state and result once goja has drained its jobs.
func settle(t testing.TB, rt *goja.Runtime, src string) (goja.PromiseState, goja.Value) {
	t.Helper()
	v, err := rt.RunString(src)
	if err != nil {
		t.Fatalf("%s: %v", src, err)
	}
	p, ok := v.Export().(*goja.Promise)
	if !ok {
		t.Fatalf("%s: not a promise: %v", src, v)
	}
	return p.State(), p.Result()
}

// fulfilled runs src and returns the value it fulfils with.
func fulfilled(t testing.TB, rt *goja.Runtime, src string) goja.Value {
	t.Helper()
	st, res := settle(t, rt, src)
	if st != goja.PromiseStateFulfilled {
		t.Fatalf("%s: %v with %v", src, st, res)
	}
	return res
}

// base64URL decodes unpadded base64url (the Go side of the benchmark).
func base64URL(s string) ([]byte, error) { return base64.RawURLEncoding.DecodeString(s) }
