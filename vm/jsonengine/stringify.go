package jsonengine

import (
	"context"
	"math"
	"math/big"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/dop251/goja"

	"github.com/tyk-ve/tyk-ve/vm/jsthrow"
)

// maxJSONText caps the text JSON.stringify builds. Past it the call throws
// RangeError "Invalid string length", as V8 does past its string limit;
// without it a sparse array of a billion holes would write gigabytes.
const maxJSONText = 256 << 20

var (
	proxyType  = reflect.TypeOf(goja.Proxy{})
	bigIntType = reflect.TypeOf((*big.Int)(nil))
	symbolType = goja.NewSymbol("").ExportType() // a boxed symbol's
	boolType   = reflect.TypeOf(true)
	intType    = reflect.TypeOf(int64(0))
	floatType  = reflect.TypeOf(float64(0))
)

// Stringifier is JSON.stringify in Go, in one pass: each property is
// read once and in the order the specification gives, toJSON is called
// with its key, then the replacer function (with the holder as this) or
// only the members of the property list are taken, boxed primitives are
// unwrapped and a cycle is a TypeError — what goja's own does, which the
// fuzz tests check. Unlike goja's, it follows the specification for
// indentation (goja's loses track after an empty array) and for property
// list items holding lone surrogates, and nesting deeper than maxDepth or
// text longer than maxJSONText throw a RangeError, and the call's deadline
// stops the walk, instead of overflowing the Go stack, exhausting memory
// or running on in Go where goja's interrupt does not reach.
type Stringifier struct {
	// scriptWatch holds the runtime's Ops and the walk's epoch (see
	// scriptfree.go).
	scriptWatch
	rt       *goja.Runtime
	ctx      context.Context // the call's: its end stops a long walk
	stopped  func(context.Context) error
	buf      []byte // the text
	stack    []*goja.Object
	gap      string
	indent   string
	maxDepth int
	maxLen   int
	visited  int // values visited, for the periodic deadline check

	// replacer is the ReplacerFunction, or nil.
	replacer goja.Callable
	// props is the PropertyList: when not nil, the only members of an
	// object that are serialized, in this order.
	props []jsonKey

	// keys holds the key lists of the objects being walked, innermost
	// last (see eachMember); vals holds the values a plain object held
	// under them when listed.
	keys []string
	vals []goja.Value

	// prims are goja's primitive types (see primitive).
	prims *primitiveTypes

	// hints collects, while hinting, the string values whose literals
	// needed escapes (see RecordHinted).
	hints   []StringHint
	hinting bool
}

// maxSpareText bounds the text buffer a runtime keeps between calls.
const maxSpareText = 64 << 10

// Limits bound one JSON.stringify call.
type Limits struct {
	// Ctx is the call's context: when it ends, a long walk stops.
	Ctx context.Context
	// Stopped is the error the runtime is interrupted with once Ctx has
	// ended (the caller's timeout error); nil means Ctx.Err().
	Stopped func(context.Context) error
	// MaxDepth bounds nesting: deeper values throw a RangeError.
	MaxDepth int
	// MaxLen bounds the text in bytes (0: 256 MiB, V8's string limit);
	// longer text throws a RangeError.
	MaxLen int
}

// NewStringifier returns a stringifier for one call of JSON.stringify within
// lim, indenting by gap (see Gap).
func NewStringifier(rt *goja.Runtime, ops *Ops, lim Limits, gap string) *Stringifier {
	if lim.MaxLen <= 0 {
		lim.MaxLen = maxJSONText
	}
	var s *Stringifier
	if ops != nil && ops.spare != nil {
		// The runtime's last one, with its buffers: a call allocates only
		// the text it returns. A nested call (from a toJSON) finds none
		// and makes its own.
		s, ops.spare = ops.spare, nil
	} else {
		s = &Stringifier{}
	}
	s.rt, s.ops, s.ctx, s.stopped, s.gap = rt, ops, lim.Ctx, lim.Stopped, gap
	s.prims = loadPrimitiveTypes()
	s.maxDepth, s.maxLen = lim.MaxDepth, lim.MaxLen
	return s
}

// recycle hands s, emptied, back to its runtime's Ops for the next call,
// unless its buffer grew past maxSpareText. s is not used after it.
func (s *Stringifier) recycle() {
	if s.ops == nil || s.ops.spare != nil || cap(s.buf) > maxSpareText {
		return
	}
	clear(s.stack[:cap(s.stack)]) // keep no object of this call alive
	clear(s.keys[:cap(s.keys)])
	clear(s.vals[:cap(s.vals)])
	*s = Stringifier{buf: s.buf[:0], stack: s.stack[:0], keys: s.keys[:0], vals: s.vals[:0], scriptWatch: scriptWatch{ops: s.ops}}
	s.ops.spare, s.ops = s, nil
}

// jsonKey is the key a value is found under, passed to toJSON. s holds it
// when a Go string carries it exactly, v otherwise.
type jsonKey struct {
	s string
	v goja.Value
	// index, when isIndex, is an array element's index (s is not set:
	// the string is made only for a toJSON or a replacer).
	index   int64
	isIndex bool
}

func (k jsonKey) value(rt *goja.Runtime) goja.Value {
	if k.v != nil {
		return k.v
	}
	if k.isIndex {
		return rt.ToValue(strconv.FormatInt(k.index, 10))
	}
	return rt.ToValue(k.s)
}

// Stringify returns the JSON text of v, or ok=false when v has none
// (undefined, a function, a symbol). It panics with the JavaScript error
// JSON.stringify would throw; inside a native function goja rethrows it.
func (s *Stringifier) Stringify(v goja.Value) (text string, ok bool) {
	defer s.recycle()
	var wrapper *goja.Object
	if s.replacer != nil {
		// The replacer function sees the value as the "" member of a new
		// object (this, in its first call).
		wrapper = s.rt.NewObject()
		if err := wrapper.DefineDataProperty("", v, goja.FLAG_TRUE, goja.FLAG_TRUE, goja.FLAG_TRUE); err != nil {
			panic(err)
		}
	}
	v = s.resolve(wrapper, jsonKey{}, v)
	if omittedJSON(v) {
		return "", false
	}
	s.write(v)
	return string(s.buf), true
}

// Record returns the text JSON.stringify gives an object literal with
// these members, without building the object: no script can reach it.
func (s *Stringifier) Record(keys []string, values []goja.Value) string {
	defer s.recycle()
	return s.record(keys, values)
}

func (s *Stringifier) record(keys []string, values []goja.Value) string {
	s.buf = append(s.buf, '{')
	first := true
	for i, k := range keys {
		v := s.resolve(nil, jsonKey{s: k}, values[i])
		if omittedJSON(v) {
			continue
		}
		if !first {
			s.buf = append(s.buf, ',')
		}
		first = false
		s.buf = appendQuotedGo(s.buf, k)
		s.buf = append(s.buf, ':')
		s.write(v)
	}
	s.buf = append(s.buf, '}')
	return string(s.buf)
}

// StringHint tells a TextDecoder the Go string a string literal of the text
// stands for: the literal from Start (its opening quote) to End (past its
// closing quote) decodes to S.
type StringHint struct {
	Start, End int
	S          string
}

// minHinted is the shortest string value worth a hint.
const minHinted = 16

// RecordHinted is Record, and also appends to hints, in text order, a hint
// for each string value of at least minHinted bytes whose literal holds
// escapes, so that decoding the text can take those strings as they are
// instead of unescaping them again (TextDecoder.UseHints).
//
// ranNoScript reports that the walk called no toJSON, replacer, getter,
// proxy trap or valueOf: the values are as the text shows them.
func (s *Stringifier) RecordHinted(keys []string, values []goja.Value, hints []StringHint) (text string, _ []StringHint, ranNoScript bool) {
	defer s.recycle()
	s.hinting, s.hints = true, hints
	text = s.record(keys, values)
	return text, s.hints, s.RanNoScript()
}

// hint records str, just written from start, when its literal needed
// escapes and its Go form is exact (no U+FFFD, which may stand for a lone
// surrogate the literal escapes).
func (s *Stringifier) hint(start int, str goja.String, ascii bool) {
	end := len(s.buf)
	text := str.String()
	if len(text) < minHinted || end-start == len(text)+2 || (!ascii && strings.ContainsRune(text, utf8.RuneError)) {
		return
	}
	s.hints = append(s.hints, StringHint{Start: start, End: end, S: text})
}

// resolve applies toJSON, then the replacer function (called with holder,
// the object v was read from, as this), and unboxes, giving the value to
// serialize. holder may be nil without a replacer function.
func (s *Stringifier) resolve(holder *goja.Object, key jsonKey, v goja.Value) goja.Value {
	if s.replacer == nil {
		switch x := v.(type) {
		case goja.String:
			return v // a string primitive has no toJSON and needs no unboxing
		case *goja.Object:
			if s.noToJSON(x) {
				return v // a plain object or array: nothing to call or unbox
			}
		}
	}
	return s.resolveCalls(holder, key, v)
}

// resolveCalls is resolve for a value that may have a toJSON to call, a
// replacer to pass through or a box to open.
func (s *Stringifier) resolveCalls(holder *goja.Object, key jsonKey, v goja.Value) goja.Value {
	v = s.applyToJSON(key, v)
	if s.replacer != nil {
		if v == nil {
			v = goja.Undefined()
		}
		s.mayRunScript()
		out, err := s.replacer(holder, key.value(s.rt), v)
		if err != nil {
			panic(err)
		}
		v = out
	}
	return s.unbox(v)
}

func (s *Stringifier) applyToJSON(key jsonKey, v goja.Value) goja.Value {
	holder, ok := v.(*goja.Object)
	if !ok {
		if !isBigInt(v) {
			return v
		}
		holder = v.ToObject(s.rt)
	}
	s.mayRunScript() // a toJSON getter, then toJSON itself
	toJSON, ok := goja.AssertFunction(holder.Get("toJSON"))
	if !ok {
		return v
	}
	out, err := toJSON(v, key.value(s.rt))
	if err != nil {
		panic(err)
	}
	return out
}

// unbox replaces a Number, String or Boolean object by its primitive; a
// boxed symbol has no JSON form and a boxed BigInt throws. goja gives those
// two the class "Object"; their export type tells them apart.
func (s *Stringifier) unbox(v goja.Value) goja.Value {
	o, ok := v.(*goja.Object)
	if !ok || IsProxy(o) {
		return v
	}
	switch o.ClassName() {
	case "Number":
		s.mayRunScript() // valueOf
		return o.ToNumber()
	case "String":
		s.mayRunScript() // toString
		return o.ToString()
	case "Boolean":
		return s.rt.ToValue(o.Export())
	case "Object":
		switch o.ExportType() {
		case symbolType:
			return goja.Undefined()
		case bigIntType:
			panic(s.rt.NewTypeError("Do not know how to serialize a BigInt"))
		}
	}
	return v
}

// resolved is resolve, and whether the value has a JSON form (see
// omittedJSON): a plain object or array that calls no toJSON is kept as it
// is, with nothing more to check.
func (s *Stringifier) resolved(holder *goja.Object, key jsonKey, v goja.Value) (goja.Value, bool) {
	if x, ok := v.(*goja.Object); ok && s.replacer == nil && s.noToJSON(x) {
		return v, true
	}
	// (resolve's shortcut for strings is not needed: without a replacer
	// the callers write strings as primitives before calling this.)
	v = s.resolveCalls(holder, key, v)
	return v, !omittedJSON(v)
}

// appendPlainKey appends "k": for a key that needs no escape (plainKey).
func appendPlainKey(dst []byte, k string) []byte {
	n := len(dst)
	dst = slices.Grow(dst, len(k)+3)[:n+len(k)+3]
	dst[n] = '"'
	copy(dst[n+1:], k)
	dst[n+1+len(k)] = '"'
	dst[n+2+len(k)] = ':'
	return dst
}

// omittedJSON reports resolved values with no JSON form: an object member
// holding one is left out, an array element becomes null.
func omittedJSON(v goja.Value) bool {
	if _, ok := v.(goja.String); ok {
		return false
	}
	if v == nil || goja.IsUndefined(v) {
		return true
	}
	if _, ok := v.(*goja.Symbol); ok {
		return true
	}
	_, callable := goja.AssertFunction(v)
	return callable
}

// write serializes a resolved value that has a JSON form.
func (s *Stringifier) write(v goja.Value) {
	if o, ok := v.(*goja.Object); ok {
		s.object(o)
		return
	}
	if str, ok := v.(goja.String); ok {
		start := len(s.buf)
		var ascii bool
		s.buf, ascii = appendQuotedJS(s.buf, str)
		if s.hinting {
			s.hint(start, str, ascii)
		}
		return
	}
	if goja.IsNull(v) {
		s.buf = append(s.buf, "null"...)
		return
	}
	switch v.ExportType() {
	case boolType:
		s.buf = strconv.AppendBool(s.buf, v.ToBoolean())
	case intType:
		s.buf = strconv.AppendInt(s.buf, v.ToInteger(), 10)
	case floatType:
		if f := v.ToFloat(); math.IsNaN(f) || math.IsInf(f, 0) {
			s.buf = append(s.buf, "null"...)
		} else {
			s.buf = append(s.buf, v.String()...) // JavaScript's Number::toString
		}
	case bigIntType:
		panic(s.rt.NewTypeError("Do not know how to serialize a BigInt"))
	default:
		s.buf = append(s.buf, "null"...) // not reached: every primitive is handled above
	}
}

func (s *Stringifier) object(o *goja.Object) {
	for _, seen := range s.stack {
		if seen == o {
			panic(s.rt.NewTypeError("Converting circular structure to JSON"))
		}
	}
	if len(s.stack) >= s.maxDepth {
		jsthrow.RangeError(s.rt, "Maximum call stack size exceeded (JSON.stringify)")
	}
	s.stack = append(s.stack, o)
	switch layoutKind(o) {
	case plainObject:
		s.members(o, false)
	case plainArray:
		s.array(o)
	default:
		proxy := IsProxy(o)
		if s.isArray(o, proxy) {
			s.array(o)
		} else {
			s.members(o, proxy)
		}
	}
	// (A throw unwinds the whole stringify: the stack is reset then.)
	s.stack = s.stack[:len(s.stack)-1]
}

func (s *Stringifier) isArray(o *goja.Object, proxy bool) bool {
	if !proxy {
		return o.ClassName() == "Array"
	}
	s.mayRunScript()
	v, err := s.ops.isArray(goja.Undefined(), o)
	if err != nil {
		panic(err)
	}
	return v.ToBoolean()
}

func (s *Stringifier) array(o *goja.Object) {
	var elems []goja.Value
	var n int64
	fast := false
	if l := loadLayout(); l != nil {
		var length uint32
		elems, length, fast = l.arrayElems(o)
		n = int64(length)
	}
	if !fast {
		s.mayRunScript() // a proxy's get trap
		n = toLength(o.Get("length"))
	}
	if n == 0 {
		s.buf = append(s.buf, "[]"...)
		return
	}
	s.buf = append(s.buf, '[')
	outer := s.open()
	epoch := s.epoch
	for i := int64(0); i < n; i++ {
		s.separate(i == 0)
		key := jsonKey{index: i, isIndex: true}
		var v goja.Value
		if fast && s.epoch == epoch && i < int64(len(elems)) && elems[i] != nil {
			v = elems[i] // no script ran since elems was read: goja's element as it is
		} else {
			v = s.getSlow(o, strconv.FormatInt(i, 10)) // a hole reads the prototype chain
		}
		if kind := s.primitive(v); kind != notPrimitive {
			s.writePrimitive(kind, v)
		} else if v, ok := s.resolved(o, key, v); !ok {
			s.buf = append(s.buf, "null"...)
		} else {
			s.write(v)
		}
		s.checkLimits()
	}
	s.close(outer, ']')
}

// memberList is one object being written: what members keeps between
// its members.
type memberList struct {
	o     *goja.Object
	outer string // the indentation to restore
	first bool   // no member written yet
}

func (s *Stringifier) members(o *goja.Object, proxy bool) {
	s.buf = append(s.buf, '{')
	m := memberList{o: o, outer: s.indent, first: true}
	s.eachMember(&m, proxy)
	if m.first {
		s.buf = append(s.buf, '}')
		return
	}
	s.close(m.outer, '}')
}

// member writes the member key of m.o holding v, unless v has no JSON form.
func (s *Stringifier) member(m *memberList, key jsonKey, v goja.Value) {
	kind := s.primitive(v)
	if kind == notPrimitive {
		var ok bool
		if v, ok = s.resolved(m.o, key, v); !ok {
			s.checkLimits() // a long run of omitted members still ends in time
			return
		}
	}
	if m.first {
		m.outer = s.open()
	}
	s.separate(m.first)
	m.first = false
	switch {
	case key.v != nil:
		s.buf, _ = appendQuotedJS(s.buf, key.v.(goja.String))
		s.buf = append(s.buf, ':')
	case plainKey(key.s):
		s.buf = appendPlainKey(s.buf, key.s)
	default:
		s.buf = append(appendQuotedGo(s.buf, key.s), ':')
	}
	if s.gap != "" {
		s.buf = append(s.buf, ' ')
	}
	if kind != notPrimitive {
		s.writePrimitive(kind, v)
	} else {
		s.write(v)
	}
	s.checkLimits()
}

// eachMember writes (member) each key of the property list, or else each own
// enumerable string-keyed property of o, and its value, read in turn. Keys
// come from goja's Go API unless o is a proxy or a key came back holding
// U+FFFD (possibly a lone surrogate the Go string lost): then from the
// original Object.keys and ops.get (o[k]).
func (s *Stringifier) eachMember(m *memberList, proxy bool) {
	o := m.o
	if s.props != nil {
		for _, k := range s.props {
			s.member(m, k, s.get(o, k))
		}
		return
	}
	if !proxy {
		if s.eachPlainMember(m) {
			return
		}
		// Not a plain object. The keys go on s.keys, a stack shared by the
		// nested walks, read by index: a nested walk may move it.
		start := len(s.keys)
		var lister, listed bool
		if s.keys, lister, listed = hostKeys(o, s.keys); !listed {
			s.keys = append(s.keys, o.Keys()...)
		}
		if listed || !anyReplacementChar(s.keys[start:]) {
			end := len(s.keys)
			for i := start; i < end; i++ {
				k := s.keys[i]
				if lister {
					s.member(m, jsonKey{s: k}, o.Get(k)) // a KeyLister's Get runs no script
				} else {
					s.member(m, jsonKey{s: k}, s.getSlow(o, k))
				}
			}
			s.keys = s.keys[:start]
			return
		}
		s.keys = s.keys[:start]
	}
	s.mayRunScript()
	list, err := s.ops.keys(goja.Undefined(), o)
	if err != nil {
		panic(err)
	}
	keys := list.(*goja.Object)
	n := toLength(keys.Get("length"))
	for i := int64(0); i < n; i++ {
		k := keys.Get(strconv.FormatInt(i, 10))
		v, err := s.ops.get(goja.Undefined(), o, k)
		if err != nil {
			panic(err)
		}
		s.member(m, jsonKey{v: k}, v)
	}
}

// eachPlainMember is eachMember for a plain object (see plainEntries): its
// keys and values are read from goja's storage in one pass, and a value is
// read again through [[Get]] only if a script may have run since.
func (s *Stringifier) eachPlainMember(m *memberList) bool {
	o := m.o
	l := loadLayout()
	if l == nil {
		return false
	}
	start, vstart := len(s.keys), len(s.vals)
	var plain bool
	if s.keys, s.vals, plain = l.plainEntries(o, s.keys, s.vals); !plain {
		return false
	}
	epoch, end := s.epoch, len(s.keys)
	for i := start; i < end; i++ {
		// s.keys and s.vals are stacks shared by the nested walks: read
		// by index, as a nested walk may move them.
		k, v := s.keys[i], s.vals[vstart+i-start]
		if s.epoch != epoch {
			v = s.getSlow(o, k)
		}
		s.member(m, jsonKey{s: k}, v)
	}
	s.keys, s.vals = s.keys[:start], s.vals[:vstart]
	return true
}

// get reads o[key].
func (s *Stringifier) get(o *goja.Object, key jsonKey) goja.Value {
	if key.v == nil {
		return s.getSlow(o, key.s)
	}
	s.mayRunScript()
	v, err := s.ops.get(goja.Undefined(), o, key.v)
	if err != nil {
		panic(err)
	}
	return v
}

// open starts the contents of an object or array and returns the
// indentation to restore when it closes.
func (s *Stringifier) open() (outer string) {
	outer = s.indent
	s.indent += s.gap
	return outer
}

func (s *Stringifier) separate(first bool) {
	if !first {
		s.buf = append(s.buf, ',')
	}
	if s.gap != "" {
		s.buf = append(s.buf, '\n')
		s.buf = append(s.buf, s.indent...)
	}
}

func (s *Stringifier) close(outer string, c byte) {
	s.indent = outer
	if s.gap != "" {
		s.buf = append(s.buf, '\n')
		s.buf = append(s.buf, outer...)
	}
	s.buf = append(s.buf, c)
}

// checkLimits throws past maxLen and, every 1024 values, once the call's
// context has ended: a walk over a huge sparse array (or a long property
// list) runs in Go, where goja's interrupt does not reach.
func (s *Stringifier) checkLimits() {
	if len(s.buf) > s.maxLen {
		jsthrow.RangeError(s.rt, "Invalid string length (JSON.stringify)")
	}
	s.visited++
	if s.visited%1024 != 0 || s.ctx == nil || s.ctx.Err() == nil {
		return
	}
	err := s.ctx.Err()
	if s.stopped != nil {
		err = s.stopped(s.ctx)
	}
	s.rt.Interrupt(err)
	jsthrow.RangeError(s.rt, "JSON.stringify stopped: "+err.Error())
}

// SetSpace takes JSON.stringify's space argument (see Gap). The
// specification reads it after the replacer: call UseReplacer first.
func (s *Stringifier) SetSpace(space goja.Value) { s.gap = Gap(space) }

// Gap is the indentation JSON.stringify's space argument asks for: up
// to ten spaces for a number, the first ten UTF-16 code units of a string.
func Gap(space goja.Value) string {
	if space == nil {
		return ""
	}
	if o, ok := space.(*goja.Object); ok && !IsProxy(o) {
		switch o.ClassName() {
		case "Number":
			space = o.ToNumber()
		case "String":
			space = o.ToString()
		}
	}
	if str, ok := space.(goja.String); ok {
		return firstUnits(str, 10)
	}
	var n float64
	switch x := space.Export().(type) {
	case int64:
		n = float64(x)
	case float64:
		n = x
	default:
		return ""
	}
	if math.IsNaN(n) || n < 1 {
		return ""
	}
	return strings.Repeat(" ", int(math.Min(10, n)))
}

// firstUnits returns the first n UTF-16 code units of s as Go text; a
// surrogate pair cut in half leaves its first half as U+FFFD.
func firstUnits(s goja.String, n int) string {
	if s.Length() <= n {
		return s.String()
	}
	units := make([]uint16, n)
	for i := range units {
		units[i] = s.CharAt(i)
	}
	return string(utf16.Decode(units))
}

// IsProxy reports whether o is a Proxy.
func IsProxy(o *goja.Object) bool { return o.ExportType() == proxyType }

func isBigInt(v goja.Value) bool { return v != nil && v.ExportType() == bigIntType }

func anyReplacementChar(keys []string) bool {
	for _, k := range keys {
		if strings.ContainsRune(k, utf8.RuneError) {
			return true
		}
	}
	return false
}

// toLength is the specification's ToLength: an integer in [0, 2^53-1].
func toLength(v goja.Value) int64 {
	if v == nil {
		return 0
	}
	n := v.ToInteger()
	if n < 0 {
		return 0
	}
	return min(n, 1<<53-1)
}
