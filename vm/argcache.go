package vm

import (
	"github.com/dop251/goja"

	"github.com/tyk-ve/tyk-ve/vm/jsonengine"
)

// argCache keeps the config and session objects a runtime built for its
// last call. The next call with the same config (the same API definition)
// or the same session (the same prepared empty session, or a key's session
// with identical JSON) gets the same objects back if no call changed them —
// tracked by their jsonTree — instead of building them again. Tyk builds
// them afresh for every call; a call cannot tell the difference, except by
// comparing identities across calls in shared state.
type argCache struct {
	config  cachedArg
	session cachedArg
}

// cachedArg is one cached argument, keyed by the prepared value it came from
// or by its JSON text.
type cachedArg struct {
	from *jsonDoc
	text string
	obj  *goja.Object
	tree *jsonTree
}

// reuse returns the cached object if it is still exactly as built.
func (c *cachedArg) reuse() *goja.Object {
	if c.obj != nil && c.tree.reusable() {
		return c.obj
	}
	return nil
}

// jsonDoc is a JSON value scanned once: an object's top level split into its
// keys, in JavaScript order, and raw values. Prepared ones are shared
// read-only by every runtime.
type jsonDoc struct {
	json     string
	keys     []string
	raws     []string
	isObject bool
}

func newJSONDoc(s string) jsonDoc {
	d := jsonDoc{json: s}
	if keys, raws, ok := jsonengine.ScanObject(s); ok {
		jsonengine.OrderLikeJS(keys, raws)
		d.keys, d.raws, d.isObject = keys, raws, true
	}
	return d
}

// preparedArg returns the object for a prepared document, reusing the
// cached one when it came from the same document and is unchanged.
func (r *Runtime) preparedArg(c *cachedArg, d *jsonDoc) (goja.Value, error) {
	if !d.isObject {
		return jsonengine.Parse(r.vm, d.json)
	}
	if c.from == d {
		if obj := c.reuse(); obj != nil {
			return obj, nil
		}
	}
	return r.buildArg(c, d, d, ""), nil
}

// textArg returns the object for JSON text, reusing the cached one when it
// was built from identical text and is unchanged.
func (r *Runtime) textArg(c *cachedArg, text []byte) (goja.Value, error) {
	if c.from == nil && c.obj != nil && c.text == string(text) {
		if obj := c.reuse(); obj != nil {
			return obj, nil
		}
	}
	// The nodes keep substrings of the text: scan a private copy, which the
	// caller's later use of its buffer cannot change.
	d := newJSONDoc(string(text))
	if !d.isObject {
		return jsonengine.Parse(r.vm, d.json)
	}
	return r.buildArg(c, &d, nil, d.json), nil
}

// buildArg builds a new tree for d and caches it under from (a prepared
// document) or text.
func (r *Runtime) buildArg(c *cachedArg, d, from *jsonDoc, text string) *goja.Object {
	tree := newJSONTree(r.vm, r.objectProto)
	obj := tree.object(d.keys, d.raws)
	*c = cachedArg{from: from, text: text, obj: obj, tree: tree}
	return obj
}
