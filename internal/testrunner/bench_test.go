package testrunner

import (
	"context"
	"testing"
)

// BenchmarkRunFile runs the orders example's test files, data and code:
// what a code file costs over the same API's YAML file (esbuild build and
// top level included).
func BenchmarkRunFile(b *testing.B) {
	for _, name := range []string{"orders.test.yaml", "orders.test.js"} {
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				sum, err := Run(context.Background(), Options{Paths: []string{"../../examples/orders/" + name}}, nil)
				if err != nil || sum.Failed != 0 {
					b.Fatalf("%+v %v", sum, err)
				}
			}
		})
	}
}

// BenchmarkLoadCode is a code file's build and top level alone.
func BenchmarkLoadCode(b *testing.B) {
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, _, err := LoadCode(context.Background(), "../../examples/orders/orders.test.js", 0); err != nil {
			b.Fatal(err)
		}
	}
}
