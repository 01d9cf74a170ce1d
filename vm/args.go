package vm

import (
	"encoding/json"
	"fmt"
	"unicode/utf8"

	"github.com/dop251/goja"
)

// ConfigObject is the `config` argument of one API — {"APIID", "OrgID",
// "config_data"} as Tyk's specToJson builds it — prepared once per API
// definition and shared by every runtime of its pool; each runtime builds
// its objects once and reuses them while no call changes them (argCache).
type ConfigObject struct {
	doc jsonDoc
}

// NewConfigObject prepares the config argument. With includeConfigData false
// (Tyk's config_data_disabled) the config_data key is left out; a nil
// configData is sent as null, as Tyk does.
func NewConfigObject(apiID, orgID string, configData map[string]interface{}, includeConfigData bool) (*ConfigObject, error) {
	obj := map[string]interface{}{"APIID": apiID, "OrgID": orgID}
	if includeConfigData {
		obj["config_data"] = configData
	}
	b, err := json.Marshal(obj) // map keys sort: APIID, OrgID, config_data
	if err != nil {
		return nil, fmt.Errorf("encoding config object: %w", err)
	}
	c := &ConfigObject{doc: newJSONDoc(string(b))}
	if !c.doc.isObject {
		return nil, fmt.Errorf("encoding config object: not a JSON object: %s", b)
	}
	return c, nil
}

// JSON returns the object's JSON text.
func (c *ConfigObject) JSON() string { return c.doc.json }

// PreparedJSON is a JSON value scanned once, for a session object that is
// the same on every call (the host's empty session when an endpoint does not
// use the key's): calls skip scanning it, and runtimes reuse the objects
// they built from it while no call changes them.
type PreparedJSON struct {
	doc jsonDoc
}

// PrepareJSON scans a JSON object (or keeps null and other values as they
// are).
func PrepareJSON(b []byte) *PreparedJSON {
	return &PreparedJSON{doc: newJSONDoc(string(b))}
}

// arguments builds (request, session, config) for a call.
func (r *Runtime) arguments(c *Call) ([3]goja.Value, error) {
	var args [3]goja.Value
	args[0] = r.requestObject(c.Request)
	var err error
	switch {
	case c.PreparedSession != nil:
		args[1], err = r.preparedArg(&r.args.session, &c.PreparedSession.doc)
	case c.Session == nil:
		args[1] = r.vm.NewObject()
	default:
		args[1], err = r.textArg(&r.args.session, c.Session)
	}
	if err != nil {
		return args, fmt.Errorf("session object: %w", err)
	}
	if c.Config == nil {
		args[2] = r.vm.NewObject()
		return args, nil
	}
	args[2], err = r.preparedArg(&r.args.config, &c.Config.doc)
	if err != nil {
		return args, fmt.Errorf("config object: %w", err)
	}
	return args, nil
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
}

// requestObject builds Tyk's RequestObject lazily, with the field order and
// map key order encoding/json would give it.
func (r *Runtime) requestObject(req *Request) goja.Value {
	if req == nil {
		req = &Request{}
	}
	a := &requestArg{rt: r.vm, req: req}
	a.obj = lazyObject{rt: r.vm, keys: requestFields, slots: a.slots[:], src: a}
	return r.vm.NewDynamicObject(&a.obj)
}

func (a *requestArg) build(i int) goja.Value {
	switch i {
	case 0:
		return newMultiMap(a.rt, a.req.Headers, &a.headers)
	case 1:
		return a.rt.ToValue(jsonSafeString(a.req.Body))
	case 2:
		return a.rt.ToValue(a.req.URL)
	case 3:
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
