package webapi

import (
	"testing"

	"github.com/dop251/goja"
)

// BenchmarkInstall is the cost the Web platform adds to making a runtime,
// beside a bare goja.New.
func BenchmarkInstall(b *testing.B) {
	b.Run("goja.New", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			_ = goja.New()
		}
	})
	b.Run("goja.New+Install", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			if _, err := Install(goja.New(), Options{}); err != nil {
				b.Fatal(err)
			}
		}
	})
}
