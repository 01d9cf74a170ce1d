package hostobj

import (
	"github.com/dop251/goja"

	"github.com/tyk-ve/tyk-ve/vm/jsonengine"
)

// ArgCache keeps the config and session objects a runtime built for its
// last call. The next call with the same config (the same API definition)
// or the same session (the same prepared empty session, or a key's session
// with identical JSON) gets the same objects back if no call changed them —
// tracked by their JSONTree — instead of building them again. Tyk builds
// them afresh for every call; a call cannot tell the difference, except by
// comparing identities across calls in shared state.
type ArgCache struct {
	Config  CachedArg
	Session CachedArg
}

// CachedArg is one cached argument, keyed by the prepared value it came from
// or by its JSON text. The zero value is empty.
type CachedArg struct {
	from *Doc
	text string
	obj  *goja.Object
	tree *JSONTree
}

// reuse returns the cached object if it is still exactly as built.
func (c *CachedArg) reuse() *goja.Object {
	if c.obj != nil && c.tree.Reusable() {
		return c.obj
	}
	return nil
}

// Doc is a JSON value scanned once: an object's top level split into its
// keys, in JavaScript order, and raw values. Prepared ones are shared
// read-only by every runtime.
type Doc struct {
	json     string
	keys     []string
	raws     []string
	isObject bool
}

// NewDoc scans s, a JSON value.
func NewDoc(s string) Doc {
	d := Doc{json: s}
	if keys, raws, ok := jsonengine.ScanObject(s); ok {
		jsonengine.OrderLikeJS(keys, raws)
		d.keys, d.raws, d.isObject = keys, raws, true
	}
	return d
}

// JSON returns the document's text.
func (d *Doc) JSON() string { return d.json }

// IsObject reports whether the document is a valid JSON object (scanned
// into keys and raw values); any other text is parsed whole when used.
func (d *Doc) IsObject() bool { return d.isObject }

// Prepared returns the object for a prepared document in rt (whose
// Object.prototype is objectProto), reusing the cached one when it came from
// the same document and is unchanged.
func (c *CachedArg) Prepared(rt *goja.Runtime, objectProto *goja.Object, d *Doc) (goja.Value, error) {
	if !d.isObject {
		return jsonengine.Parse(rt, d.json)
	}
	if c.from == d {
		if obj := c.reuse(); obj != nil {
			return obj, nil
		}
	}
	return c.build(rt, objectProto, d, d, ""), nil
}

// Text returns the object for JSON text in rt (whose Object.prototype is
// objectProto), reusing the cached one when it was built from identical
// text and is unchanged.
func (c *CachedArg) Text(rt *goja.Runtime, objectProto *goja.Object, text []byte) (goja.Value, error) {
	if c.from == nil && c.obj != nil && c.text == string(text) {
		if obj := c.reuse(); obj != nil {
			return obj, nil
		}
	}
	// The nodes keep substrings of the text: scan a private copy, which the
	// caller's later use of its buffer cannot change.
	d := NewDoc(string(text))
	if !d.isObject {
		return jsonengine.Parse(rt, d.json)
	}
	return c.build(rt, objectProto, &d, nil, d.json), nil
}

// build builds a new tree for d and caches it under from (a prepared
// document) or text.
func (c *CachedArg) build(rt *goja.Runtime, objectProto *goja.Object, d, from *Doc, text string) *goja.Object {
	tree := NewJSONTree(rt, objectProto)
	obj := tree.Object(d.keys, d.raws)
	*c = CachedArg{from: from, text: text, obj: obj, tree: tree}
	return obj
}
