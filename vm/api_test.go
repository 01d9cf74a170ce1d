package vm

import (
	"context"
	"sort"
	"testing"

	"github.com/dop251/goja"
)

// TestAPIGlobalsComplete: apiGlobals lists exactly the globals the API areas
// install (the enumerable ones; built-ins are not enumerable).
func TestAPIGlobalsComplete(t *testing.T) {
	t.Parallel()
	rt := goja.New()
	env := &callEnv{ctx: context.Background(), log: testLogger(), host: &Host{}, limits: Limits{}.WithDefaults()}
	for _, install := range apiAreas {
		if err := install(rt, env); err != nil {
			t.Fatal(err)
		}
	}
	got := rt.GlobalObject().Keys()
	want := append([]string(nil), apiGlobals...)
	sort.Strings(got)
	sort.Strings(want)
	if len(got) != len(want) {
		t.Fatalf("installed %v, apiGlobals lists %v", got, want)
	}
	for i := range got {
		if got[i] != want[i] {
			t.Fatalf("installed %v, apiGlobals lists %v", got, want)
		}
	}
}
