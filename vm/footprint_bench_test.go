package vm

import "testing"

// BenchmarkNewRuntime builds a runtime for the representative pool (the
// API and the script loaded): what pool growth and a new runtime per call
// (isolation's fresh mode) cost.
func BenchmarkNewRuntime(b *testing.B) {
	f := loadFixture(b, "representative.js", "representative")
	p := newTestPool(b, func(c *PoolConfig) {
		c.Scripts = []Script{f.script}
		c.MaxRuntimes, c.Prewarm = 2, 0
	})
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := newRuntime(p); err != nil {
			b.Fatal(err)
		}
	}
}
