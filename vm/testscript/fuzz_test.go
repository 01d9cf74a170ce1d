package testscript

import (
	"context"
	"testing"
	"time"
)

// FuzzLoad: any text as a test file, and running each test it registers
// against a host that answers, ends in a File or an error — never a panic
// or a hang.
func FuzzLoad(f *testing.F) {
	for _, seed := range []string{
		`api("a.json"); test("x", (t) => { t.equal(t.request("/p").status, 200) })`,
		`api({a: 1}); for (const n of [1, 2]) test("r" + n, (t) => t.deepEqual([n], [1]))`,
		`api("a"); test("x", (t) => { t.upstream({url: "http://u"}); t.session({}); t.expect(t.request({path: "/"}), {status: 1}) })`,
		`api("a"); test("x", async (t) => {})`,
		`throw new Error("top")`,
		`api(`,
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, code string) {
		ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
		defer cancel()
		file, err := Load(ctx, "f.test.js", code)
		if err != nil {
			return
		}
		for _, name := range file.Tests() {
			file.Run(ctx, name, &fakeHost{})
		}
	})
}
