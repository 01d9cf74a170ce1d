package jsbuild_test

import (
	"context"
	"errors"
	"io"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/sirupsen/logrus"

	"github.com/tyk-ve/tyk-ve/jsbuild"
	"github.com/tyk-ve/tyk-ve/vm"
)

// probe is a second script in the pool that reports what the built one
// left on the global object.
const probe = `async function probe(request) {
  var v = await (0, eval)(request.Params.expr[0]);
  return TykJsResponse({Body: String(v), Code: 200}, {});
}`

// TestBuiltScriptsRunInGoja builds each fixture (inline source map, into a
// temporary folder) and runs it through a vm pool, as the plugin would:
// exports are globals, the default export is __tykve_default, lowered
// syntax runs, an npm import resolves.
func TestBuiltScriptsRunInGoja(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, entry, function, body string
		params                      map[string][]string
		want                        string
	}{
		{"module export", "module/orders.ts", "handler", `[{"price":2,"qty":3},{"price":1}]`, nil, `{"total":7}`},
		{"default export", "module/orders.ts", "probe", "", map[string][]string{"expr": {"typeof __tykve_default.fetch"}}, "function"},
		{"exports are globals", "module/orders.ts", "probe", "", map[string][]string{"expr": {"typeof handler + typeof boom + typeof total"}}, "functionfunctionundefined"},
		{"plain script keeps its globals", "plain/hello.ts", "hello", "", nil, "hello tyk"},
		{"plain script has no default", "plain/hello.ts", "probe", "", map[string][]string{"expr": {"typeof __tykve_default"}}, "undefined"},
		{"npm package", "npm/entry.mjs", "hello", "", map[string][]string{"name": {"tyk"}}, "HELLO TYK!"},
		{"CommonJS entry is the default export", "cjs/entry.cjs", "probe", "", map[string][]string{"expr": {"typeof __tykve_default.handler + typeof handler"}}, "functionundefined"},
		{"lowered syntax", "lowering/features.ts", "features", "", nil, "43"},
		{"lowered async generator loads", "lowering/features.ts", "probe", "", map[string][]string{"expr": {"typeof sum"}}, "function"},
		{"lowered async generator runs (apply with null)", "lowering/features.ts", "probe", "", map[string][]string{"expr": {"sum()"}}, "3"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			pool := buildPool(t, tc.entry, jsbuild.SourceMapInline)
			params := tc.params
			if params == nil {
				params = map[string][]string{}
			}
			resp, err := callPool(pool, tc.function, tc.body, params)
			if err != nil {
				t.Fatal(err)
			}
			if resp.Body != tc.want {
				t.Errorf("body %q, want %q", resp.Body, tc.want)
			}
		})
	}
}

// TestBuiltScriptStackPointsAtTheOriginal: a thrown error in a built
// TypeScript file logs the original files, lines and columns, with the
// source map inline or in an external file beside the script.
func TestBuiltScriptStackPointsAtTheOriginal(t *testing.T) {
	t.Parallel()
	src, _ := filepath.Abs("testdata/module")
	for _, mode := range []jsbuild.SourceMapMode{jsbuild.SourceMapInline, jsbuild.SourceMapExternal} {
		t.Run(string(mode), func(t *testing.T) {
			t.Parallel()
			pool := buildPool(t, "module/throws.ts", mode)
			_, err := callPool(pool, "orders", "", map[string][]string{})
			if !errors.Is(err, vm.ErrScript) {
				t.Fatalf("got %v, want a script error", err)
			}
			for _, want := range []string{
				"Error: boom here",
				"\tat check (" + filepath.Join(src, "lib", "check.ts") + ":3:11)",
				"\tat orders (" + filepath.Join(src, "throws.ts") + ":8:3)",
			} {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("error text\n%s\nlacks %q", err, want)
				}
			}
		})
	}
}

// buildPool builds testdata/entry into a temporary folder (written, so an
// external map can be read) and starts a pool of it and the probe.
func buildPool(t *testing.T, entry string, mode jsbuild.SourceMapMode) *vm.Pool {
	t.Helper()
	out := filepath.Join(t.TempDir(), "dist", "out.js")
	res, err := jsbuild.Build(jsbuild.Options{Entry: filepath.Join("testdata", entry), OutFile: out, SourceMap: mode})
	if err != nil {
		t.Fatal(err)
	}
	if err := res.Write(); err != nil {
		t.Fatal(err)
	}
	cfg := vm.NewPoolConfig("jsbuild-test", []vm.Script{{Name: res.OutFile, Source: string(res.Code)}, {Name: "probe.js", Source: probe}}, quietLogger())
	cfg.Prewarm = 1
	pool, err := vm.NewPool(cfg)
	if err != nil {
		t.Fatalf("NewPool: %v\n%s", err, res.Code)
	}
	t.Cleanup(func() { _ = pool.Close() })
	return pool
}

func callPool(pool *vm.Pool, function, body string, params map[string][]string) (*vm.Response, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	cfg, err := vm.NewConfigObject("jsbuild-test", "org", map[string]interface{}{}, true)
	if err != nil {
		return nil, err
	}
	return pool.Call(ctx, &vm.Call{Function: function, Config: cfg, Session: []byte(`{}`),
		Request: &vm.Request{Headers: map[string][]string{}, Params: params, URL: "/", Scheme: "http", Body: []byte(body)}})
}

func quietLogger() *logrus.Entry {
	l := logrus.New()
	l.SetOutput(io.Discard)
	return logrus.NewEntry(l)
}

// TestMinifiedBuildRuns: a minified build (one-line export clause, renamed
// locals) keeps its exports and its source map.
func TestMinifiedBuildRuns(t *testing.T) {
	t.Parallel()
	out := filepath.Join(t.TempDir(), "min.js")
	res, err := jsbuild.Build(jsbuild.Options{Entry: "testdata/module/throws.ts", OutFile: out, Minify: true})
	if err != nil {
		t.Fatal(err)
	}
	pool, err := vm.NewPool(vm.NewPoolConfig("min", []vm.Script{{Name: out, Source: string(res.Code)}}, quietLogger()))
	if err != nil {
		t.Fatalf("%v\n%s", err, res.Code)
	}
	defer pool.Close()
	_, err = callPool(pool, "orders", "", map[string][]string{})
	if err == nil || !strings.Contains(err.Error(), "check.ts:3:") {
		t.Fatalf("got %v, want the error at check.ts:3", err)
	}
}
