package tykapi

import (
	"io"
	"sort"
	"testing"

	"github.com/dop251/goja"
	"github.com/sirupsen/logrus"
)

// TestGlobalsComplete: Globals lists exactly the globals the API areas
// install (the enumerable ones; built-ins are not enumerable).
func TestGlobalsComplete(t *testing.T) {
	t.Parallel()
	rt := goja.New()
	l := logrus.New()
	l.SetOutput(io.Discard)
	if _, err := Install(rt, Env{Log: logrus.NewEntry(l), Host: &Host{}, Limits: Limits{}.WithDefaults()}); err != nil {
		t.Fatal(err)
	}
	got := rt.GlobalObject().Keys()
	want := append([]string(nil), Globals...)
	sort.Strings(got)
	sort.Strings(want)
	if len(got) != len(want) {
		t.Fatalf("installed %v, Globals lists %v", got, want)
	}
	for i := range got {
		if got[i] != want[i] {
			t.Fatalf("installed %v, Globals lists %v", got, want)
		}
	}
}

// TestAreasPerArea: each area defines exactly the globals it lists, so
// an area added later registers its names for isolation restores.
func TestAreasPerArea(t *testing.T) {
	t.Parallel()
	rt := goja.New()
	s := newState(Env{Host: &Host{}, Limits: Limits{}.WithDefaults()})
	before := map[string]bool{}
	for _, a := range Areas() {
		if err := a.Install(rt, s); err != nil {
			t.Fatalf("%s: %v", a.Name, err)
		}
		var added []string
		for _, k := range rt.GlobalObject().Keys() {
			if !before[k] {
				before[k] = true
				added = append(added, k)
			}
		}
		want := append([]string(nil), a.Globals...)
		sort.Strings(added)
		sort.Strings(want)
		if len(added) != len(want) {
			t.Fatalf("area %s installed %v, lists %v", a.Name, added, want)
		}
		for i := range added {
			if added[i] != want[i] {
				t.Fatalf("area %s installed %v, lists %v", a.Name, added, want)
			}
		}
	}
}
