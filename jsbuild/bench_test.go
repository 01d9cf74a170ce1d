package jsbuild_test

import (
	"path/filepath"
	"testing"

	"github.com/tyk-ve/tyk-ve/jsbuild"
	"github.com/tyk-ve/tyk-ve/vm"
)

// BenchmarkBuild is the cost of one build: what the plugin would pay per
// TypeScript script on every API load if it built sources itself
// (docs/typescript.md).
func BenchmarkBuild(b *testing.B) {
	for _, entry := range []string{"module/orders.ts", "npm/entry.mjs", "lowering/features.ts"} {
		b.Run(entry, func(b *testing.B) {
			out := filepath.Join(b.TempDir(), "out.js")
			for i := 0; i < b.N; i++ {
				if _, err := jsbuild.Build(jsbuild.Options{Entry: filepath.Join("testdata", entry), OutFile: out}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkBuiltHandlerCall calls built handlers through a pool: a pure
// TypeScript bundle (which the isolation analysis accepts: the runtime is
// restored between calls) against a bundle with esbuild's lowering helpers
// (a new runtime per call in isolated state), and the same in shared state.
func BenchmarkBuiltHandlerCall(b *testing.B) {
	cases := []struct {
		name, entry, function string
		shared                bool
	}{
		{"pure-ts/isolated", "module/orders.ts", "handler", false},
		{"helpers/isolated", "lowering/features.ts", "features", false},
		{"helpers/shared", "lowering/features.ts", "features", true},
	}
	for _, tc := range cases {
		b.Run(tc.name, func(b *testing.B) {
			pool := benchPool(b, tc.entry, tc.shared)
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if _, err := callPool(pool, tc.function, "[]", map[string][]string{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func benchPool(b *testing.B, entry string, shared bool) *vm.Pool {
	b.Helper()
	res, err := jsbuild.Build(jsbuild.Options{Entry: filepath.Join("testdata", entry), OutFile: filepath.Join(b.TempDir(), "out.js")})
	if err != nil {
		b.Fatal(err)
	}
	cfg := vm.NewPoolConfig("bench", []vm.Script{{Name: res.OutFile, Source: string(res.Code)}}, quietLogger())
	cfg.Prewarm, cfg.MaxRuntimes = 1, 2
	if shared {
		cfg.State = vm.StateShared
	}
	pool, err := vm.NewPool(cfg)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = pool.Close() })
	return pool
}
