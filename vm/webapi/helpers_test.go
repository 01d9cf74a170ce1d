package webapi

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/dop251/goja"
	"github.com/sirupsen/logrus"
	"github.com/sirupsen/logrus/hooks/test"
)

// testRuntime is a runtime with the Web platform globals; its console
// writes to a test hook with the fields a call's logger carries.
type testRuntime struct {
	rt   *goja.Runtime
	api  *API
	hook *test.Hook
	// silent makes the logger return nil, as while scripts load.
	silent bool
}

func newTestRuntime(t testing.TB) *testRuntime {
	t.Helper()
	logger, hook := test.NewNullLogger()
	logger.SetLevel(logrus.DebugLevel)
	logger.SetOutput(&bytes.Buffer{})
	entry := logger.WithFields(logrus.Fields{"api_id": "api1", "endpoint": "/ep", "function": "handler"})
	tr := &testRuntime{rt: goja.New(), hook: hook}
	api, err := Install(tr.rt, Options{Logger: func() *logrus.Entry {
		if tr.silent {
			return nil
		}
		return entry
	}, MaxLogBytes: 64})
	if err != nil {
		t.Fatal(err)
	}
	tr.api = api
	return tr
}

// eval runs src and returns its value exported.
func (tr *testRuntime) eval(t testing.TB, src string) interface{} {
	t.Helper()
	v, err := tr.rt.RunString(src)
	if err != nil {
		t.Fatalf("%s: %v", src, err)
	}
	return v.Export()
}

// evalJSON runs src and returns JSON.stringify of its value.
func (tr *testRuntime) evalJSON(t testing.TB, src string) string {
	t.Helper()
	return tr.eval(t, "JSON.stringify((() => { "+src+" })())").(string)
}

func mustJSON(t testing.TB, v interface{}) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// call calls the global function name with Go values and returns its
// result as a string.
func (tr *testRuntime) call(t testing.TB, name string, args ...interface{}) string {
	t.Helper()
	fn, ok := goja.AssertFunction(tr.rt.Get(name))
	if !ok {
		t.Fatalf("%s is not a function", name)
	}
	vals := make([]goja.Value, len(args))
	for i, a := range args {
		vals[i] = tr.rt.ToValue(a)
	}
	v, err := fn(goja.Undefined(), vals...)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return v.String()
}
