package hostobj

import (
	"unicode/utf8"
	"unsafe"

	"github.com/dop251/goja"

	"github.com/tyk-ve/tyk-ve/vm/jsonengine"
)

// Request holds the fields of Tyk's RequestObject, in its struct (JSON)
// order; package vm's Request converts to it.
type Request struct {
	Headers     map[string][]string
	Body        []byte
	URL         string
	Params      map[string][]string
	Scheme      string
	ShareBody   bool   // Body never changes: the string may share its bytes
	LazyParams  bool   // Params are url.ParseQuery(ParamsQuery), read lazily
	ParamsQuery string // (see package vm's Request)
}

// requestFields are Tyk's RequestObject fields in struct (JSON) order.
var requestFields = []string{"Headers", "Body", "URL", "Params", "Scheme"}

// requestArg is the request argument: a lazyObject over Request, allocated
// in one piece with its slots and its Headers and Params objects.
type requestArg struct {
	rt              *goja.Runtime
	req             *Request
	obj             lazyObject
	slots           [5]lazySlot
	headers, params multiMapObject
	// body is the Body's text, which its value points at
	// (jsonengine.StringAt).
	body string
}

// NewRequest builds Tyk's RequestObject for req in rt lazily, with the field
// order and map key order encoding/json would give it; nil is an empty
// request. The object reads req while the call runs.
func NewRequest(rt *goja.Runtime, req *Request) goja.Value {
	if req == nil {
		req = &Request{}
	}
	a := &requestArg{rt: rt, req: req}
	a.obj = lazyObject{rt: rt, keys: requestFields, slots: a.slots[:], src: a}
	return rt.NewDynamicObject(&a.obj)
}

func (a *requestArg) build(i int) goja.Value {
	switch i {
	case 0:
		return newMultiMap(a.rt, a.req.Headers, &a.headers)
	case 1:
		if a.req.ShareBody && utf8.Valid(a.req.Body) {
			a.body = unsafe.String(unsafe.SliceData(a.req.Body), len(a.req.Body))
		} else {
			a.body = jsonSafeString(a.req.Body)
		}
		return jsonengine.StringAt(a.rt, &a.body)
	case 2:
		return a.rt.ToValue(a.req.URL)
	case 3:
		if a.req.LazyParams {
			return newQueryMap(a.rt, a.req.ParamsQuery, &a.params)
		}
		return newMultiMap(a.rt, a.req.Params, &a.params)
	}
	return a.rt.ToValue(a.req.Scheme)
}

// jsonSafe returns s with every byte that is not part of valid UTF-8
// replaced by U+FFFD, as encoding/json does.
func jsonSafe(s string) string {
	if utf8.ValidString(s) {
		return s
	}
	return jsonSafeString([]byte(s))
}

// jsonSafeString converts b to a string the way encoding/json does: every
// byte that is not part of valid UTF-8 becomes U+FFFD.
func jsonSafeString(b []byte) string {
	if utf8.Valid(b) {
		return string(b)
	}
	out := make([]rune, 0, len(b))
	for len(b) > 0 {
		c, size := utf8.DecodeRune(b)
		out = append(out, c) // RuneError for an invalid byte
		b = b[size:]
	}
	return string(out)
}
