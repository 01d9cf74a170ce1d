package isolation

// The tables of the confinement analysis (confine.go): what built-ins may be
// reached and called, and how.

// dangerNames are property names whose read gives a prototype, a
// constructor (Function) or a function object without naming it.
var dangerNames = map[string]bool{
	"__proto__": true, "constructor": true, "prototype": true, "callee": true, "caller": true,
	"__defineGetter__": true, "__defineSetter__": true, "__lookupGetter__": true, "__lookupSetter__": true,
}

// refusedGlobals reach the global object or run unanalysed code.
var refusedGlobals = map[string]bool{"globalThis": true, "eval": true, "Function": true, "Reflect": true}

// outboundGlobals are the API functions whose result depends on the world;
// a replay (which runs them silently) could not reproduce them.
var outboundGlobals = map[string]bool{
	"TykMakeHttpRequest": true, "TykBatchRequest": true, "TykGetKeyData": true, "TykSetKeyData": true,
}

// consumers are global functions that only convert their arguments.
var consumers = map[string]bool{
	"String": true, "Number": true, "Boolean": true, "parseInt": true, "parseFloat": true, "isNaN": true,
	"isFinite": true, "encodeURI": true, "encodeURIComponent": true, "decodeURI": true,
	"decodeURIComponent": true, "escape": true, "unescape": true, "log": true, "rawlog": true,
	"b64enc": true, "b64dec": true, "rawb64enc": true, "rawb64dec": true,
}

// staticMethods are built-in functions called through their namespace that
// return new objects or primitives and change nothing but their arguments.
var staticMethods = map[string]map[string]bool{
	"Object": set("keys", "values", "entries", "assign", "freeze", "isFrozen", "seal", "isSealed",
		"preventExtensions", "isExtensible", "create", "defineProperty", "defineProperties",
		"getOwnPropertyNames", "getOwnPropertyDescriptor", "getOwnPropertyDescriptors",
		"getOwnPropertySymbols", "fromEntries", "is", "setPrototypeOf", "hasOwn"),
	"Array":       set("isArray", "from", "of"),
	"JSON":        set("parse", "stringify"),
	"Number":      set("isInteger", "isFinite", "isNaN", "isSafeInteger", "parseFloat", "parseInt"),
	"String":      set("fromCharCode", "fromCodePoint", "raw"),
	"Date":        set("now", "parse", "UTC"),
	"Symbol":      set("for", "keyFor"),
	"Promise":     set("resolve", "reject", "all", "race", "allSettled", "any"),
	"ArrayBuffer": set("isView"),
	"Math": set("abs", "acos", "acosh", "asin", "asinh", "atan", "atanh", "atan2", "cbrt", "ceil", "clz32",
		"cos", "cosh", "exp", "expm1", "floor", "fround", "hypot", "imul", "log", "log1p", "log10", "log2",
		"max", "min", "pow", "random", "round", "sign", "sin", "sinh", "sqrt", "tan", "tanh", "trunc"),
}

// staticConsumers are static methods (listed in staticMethods) that only
// read their arguments as primitives, keys or flags, so a tainted argument
// is allowed (JSON.stringify only without a replacer, which would be handed
// the argument's nested objects).
var staticConsumers = map[string]map[string]bool{
	"Object": set("keys", "getOwnPropertyNames", "getOwnPropertySymbols", "isFrozen", "isSealed",
		"isExtensible", "is", "hasOwn"),
	"Array":  set("isArray"),
	"JSON":   set("stringify"),
	"Number": staticMethods["Number"],
	"Math":   staticMethods["Math"],
	"String": set("fromCharCode", "fromCodePoint"),
}

// protoCalls are `C.prototype.m.call(…)` / `.apply(…)` idioms that borrow a
// non-mutating method.
var protoCalls = map[string]map[string]bool{
	"Object": set("hasOwnProperty", "propertyIsEnumerable", "toString", "isPrototypeOf"),
	"Array":  set("slice", "join", "indexOf", "includes", "map", "forEach", "filter", "some", "every", "reduce", "concat"),
	"String": set("slice", "indexOf", "toLowerCase", "toUpperCase", "trim", "split", "charAt", "charCodeAt"),
}

// primitiveMethods may be called on a tainted value: whatever the receiver,
// they change nothing (beyond a user regexp's lastIndex) and return a
// primitive or a new object made from it.
var primitiveMethods = set("toString", "toLocaleString", "toLowerCase", "toUpperCase", "toLocaleLowerCase",
	"toLocaleUpperCase", "trim", "trimStart", "trimEnd", "trimLeft", "trimRight", "charAt", "charCodeAt",
	"codePointAt", "indexOf", "lastIndexOf", "includes", "startsWith", "endsWith", "join", "toFixed",
	"toPrecision", "toExponential", "padStart", "padEnd", "repeat", "substring", "substr", "localeCompare",
	"hasOwnProperty", "propertyIsEnumerable", "isPrototypeOf", "normalize", "toISOString", "getTime",
	"slice", "split", "match", "concat", "test", "exec")

// tykConstructors may be called with new (their methods set properties on
// the new object only).
var tykConstructors = set("TykJS.TykMiddleware.NewMiddleware", "TykJS.TykEventHandlers.NewEventHandler")

func set(names ...string) map[string]bool {
	m := make(map[string]bool, len(names))
	for _, n := range names {
		m[n] = true
	}
	return m
}

// keyCallbacks are the array methods whose callback's first parameter is
// an element (here, a key of Object.keys(o)).
var keyCallbacks = set("forEach", "map", "filter", "some", "every", "find", "findIndex", "flatMap")
