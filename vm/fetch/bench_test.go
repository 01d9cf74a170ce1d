package fetch

import (
	"testing"

	"github.com/dop251/goja"

	"github.com/tyk-ve/tyk-ve/vm/eventloop"
)

// BenchmarkFetchThreeSlow: three upstream calls of 100 ms each, in
// parallel (Promise.all) and one after the other; the parallel form takes
// about one upstream time.
func BenchmarkFetchThreeSlow(b *testing.B) {
	srv := upstream(b)
	for _, bc := range []struct{ name, src string }{
		{"parallel", `await Promise.all([1, 2, 3].map(() => fetch("` + srv.URL + `/slow").then(r => r.text())))`},
		{"sequential", `for (let i = 0; i < 3; i++) { await (await fetch("` + srv.URL + `/slow")).text() }`},
	} {
		b.Run(bc.name, func(b *testing.B) {
			e := newEnv(b)
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				e.host.made = 0
				e.mustRun(b, bc.src)
			}
		})
	}
}

// BenchmarkFetchJSON: one fetch of a small JSON answer from a local
// upstream, read with json(); the per-fetch cost of the binding.
func BenchmarkFetchJSON(b *testing.B) {
	srv := upstream(b)
	e := newEnv(b)
	src := `return (await (await fetch("` + srv.URL + `/json")).json()).n`
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		e.host.made = 0
		e.mustRun(b, src)
	}
}

// BenchmarkInstall: defining the fetch globals in a new runtime.
func BenchmarkInstall(b *testing.B) {
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		newEnv(b)
	}
}

// BenchmarkInstallBase: a runtime with its loop but without fetch, the
// baseline of BenchmarkInstall.
func BenchmarkInstallBase(b *testing.B) {
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		rt := goja.New()
		if err := eventloop.New(rt).Install(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkInstallLoaded: defining the globals and building the classes
// (what a runtime whose scripts use fetch pays once).
func BenchmarkInstallLoaded(b *testing.B) {
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if err := newEnv(b).b.Load(); err != nil {
			b.Fatal(err)
		}
	}
}
