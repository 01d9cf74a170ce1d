package jsonengine

import (
	"testing"

	"github.com/dop251/goja"
)

// BenchmarkStringify stringifies the representative endpoint's answer: a
// ten-field object holding a ten-item array of three-field objects.
func BenchmarkStringify(b *testing.B) {
	rt := goja.New()
	v, err := rt.RunString(`var items = [];
		for (var i = 0; i < 10; i++) { items.push({id: i, sku: "SKU-" + i, qty: 3 * i}) }
		({order: "o-981", customer: "c-17", trace: "abc-123", region: "eu-west", currency: "EUR",
		  api: "api-bench", org: "org-bench", total: 135, express: true, items: items})`)
	if err != nil {
		b.Fatal(err)
	}
	ops, err := NewOps(rt)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, ok := NewStringifier(rt, ops, Limits{MaxDepth: 100}, "").Stringify(v); !ok {
			b.Fatal("no text")
		}
	}
}
