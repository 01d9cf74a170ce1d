package vm

import (
	"fmt"

	"github.com/dop251/goja"
	"github.com/tyk-ve/tyk-ve/vm/tykapi"
)

// arities are the lengths the API's functions and classes report: the
// number of required parameters, as WebIDL defines length for the Web
// platform's (setTimeout.length is 1, Headers.length 0) and as the
// parameters Tyk documents for its own. Functions written in Go would all
// report 0; types/*.d.ts declares the same counts (TestDeclaredGlobalsExist).
var arities = map[string]int{
	"TykJsResponse": 2, "log": 1, "rawlog": 1,
	"b64enc": 1, "b64dec": 1, "rawb64enc": 1, "rawb64dec": 1,
	"TykMakeHttpRequest": 1, "TykBatchRequest": 1, "TykGetKeyData": 2, "TykSetKeyData": 2,
	"TykStorageGet": 1, "TykStorageSet": 2, "TykStorageSetNX": 2, "TykStorageDel": 1,
	"TykStorageTTL": 1, "TykStorageIncr": 1,
	"setTimeout": 1, "setInterval": 1, "queueMicrotask": 1, "atob": 1, "btoa": 1,
	"fetch": 1, "Headers": 0, "Request": 1, "Response": 0,
}

// arityArea gives the API's globals their lengths; it runs after every
// other area.
var arityArea = tykapi.Area{Name: "arity", Install: func(rt *goja.Runtime, _ *tykapi.State) error {
	global := rt.GlobalObject()
	for name, n := range arities {
		fn, ok := global.Get(name).(*goja.Object)
		if !ok {
			continue // an area left out (tests install subsets)
		}
		if err := fn.DefineDataProperty("length", rt.ToValue(n), goja.FLAG_FALSE, goja.FLAG_FALSE, goja.FLAG_TRUE); err != nil {
			return fmt.Errorf("%s.length: %w", name, err)
		}
	}
	return nil
}}
