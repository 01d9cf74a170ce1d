package vm

import (
	"encoding/json"
	"fmt"

	"github.com/dop251/goja"

	"github.com/tyk-ve/tyk-ve/vm/hostobj"
)

// ConfigObject is the `config` argument of one API — {"APIID", "OrgID",
// "config_data"} as Tyk's specToJson builds it — prepared once per API
// definition and shared by every runtime of its pool; each runtime builds
// its objects once and reuses them while no call changes them
// (hostobj.ArgCache).
type ConfigObject struct {
	doc hostobj.Doc
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
	c := &ConfigObject{doc: hostobj.NewDoc(string(b))}
	if !c.doc.IsObject() {
		return nil, fmt.Errorf("encoding config object: not a JSON object: %s", b)
	}
	return c, nil
}

// JSON returns the object's JSON text.
func (c *ConfigObject) JSON() string { return c.doc.JSON() }

// PreparedJSON is a JSON value scanned once, for a session object that is
// the same on every call (the host's empty session when an endpoint does not
// use the key's): calls skip scanning it, and runtimes reuse the objects
// they built from it while no call changes them.
type PreparedJSON struct {
	doc hostobj.Doc
}

// PrepareJSON scans a JSON object (or keeps null and other values as they
// are).
func PrepareJSON(b []byte) *PreparedJSON {
	return &PreparedJSON{doc: hostobj.NewDoc(string(b))}
}

// arguments builds (request, session, config) for a call.
func (r *Runtime) arguments(c *Call) ([3]goja.Value, error) {
	var args [3]goja.Value
	// Request and hostobj.Request have the same fields: the conversion is
	// free and stops compiling if they diverge.
	args[0] = hostobj.NewRequest(r.vm, (*hostobj.Request)(c.Request))
	var err error
	switch {
	case c.PreparedSession != nil:
		args[1], err = r.args.Session.Prepared(r.vm, r.objectProto, &c.PreparedSession.doc)
	case c.Session == nil:
		args[1] = r.vm.NewObject()
	default:
		args[1], err = r.args.Session.Text(r.vm, r.objectProto, c.Session)
	}
	if err != nil {
		return args, fmt.Errorf("session object: %w", err)
	}
	if c.Config == nil {
		args[2] = r.vm.NewObject()
		return args, nil
	}
	args[2], err = r.args.Config.Prepared(r.vm, r.objectProto, &c.Config.doc)
	if err != nil {
		return args, fmt.Errorf("config object: %w", err)
	}
	return args, nil
}
