// The classes of the Web platform subset, as one factory: native holds the
// Go functions (never reachable from scripts), the result the classes.
// State lives in private fields, so a method called on a foreign object
// throws a TypeError, and scripts cannot reach the Go handles.
(function (native) {
	"use strict";

	const codes = {
		IndexSizeError: 1, HierarchyRequestError: 3, WrongDocumentError: 4, InvalidCharacterError: 5,
		NoModificationAllowedError: 7, NotFoundError: 8, NotSupportedError: 9, InvalidStateError: 11,
		SyntaxError: 12, InvalidModificationError: 13, NamespaceError: 14, InvalidAccessError: 15,
		TypeMismatchError: 17, SecurityError: 18, NetworkError: 19, AbortError: 20, URLMismatchError: 21,
		QuotaExceededError: 22, TimeoutError: 23, InvalidNodeTypeError: 24, DataCloneError: 25,
	};

	class DOMException extends Error {
		#name;
		constructor(message = "", name = "Error") {
			super(String(message));
			this.#name = String(name);
		}
		get name() { return this.#name; }
		get code() { return codes[this.#name] || 0; }
	}

	// compareUnits orders strings by UTF-16 code units (goja's < compares
	// code points).
	function compareUnits(a, b) {
		const n = a.length < b.length ? a.length : b.length;
		for (let i = 0; i < n; i++) {
			const d = a.charCodeAt(i) - b.charCodeAt(i);
			if (d !== 0) return d;
		}
		return a.length - b.length;
	}

	class URLSearchParams {
		#list = [];
		#url = null; // the linked URL's handle
		constructor(init = "") {
			if (init !== null && typeof init === "object" || typeof init === "function") {
				if (typeof init[Symbol.iterator] === "function") {
					for (const pair of init) {
						if (pair === null || typeof pair !== "object" && typeof pair !== "function" ||
							typeof pair[Symbol.iterator] !== "function") {
							throw new TypeError("URLSearchParams: each pair must be an iterable of a name and a value");
						}
						const p = Array.from(pair);
						if (p.length !== 2) {
							throw new TypeError("URLSearchParams: each pair must have exactly two items");
						}
						this.#list.push([String(p[0]), String(p[1])]);
					}
				} else {
					for (const key of Reflect.ownKeys(init)) {
						const d = Reflect.getOwnPropertyDescriptor(init, key);
						if (d !== undefined && d.enumerable) {
							if (typeof key === "symbol") {
								throw new TypeError("URLSearchParams: a record cannot have symbol keys");
							}
							this.#list.push([key, String(init[key])]);
						}
					}
				}
			} else {
				let s = String(init);
				if (s.startsWith("?")) s = s.slice(1);
				this.#list = native.formParse(s);
			}
		}
		static _link(params, handle) { params.#url = handle; }
		static _reset(params, query) { params.#list = query === null ? [] : native.formParse(query); }
		#update() {
			if (this.#url !== null) native.urlSetQuery(this.#url, native.formSerialize(this.#list));
		}
		get size() { return this.#list.length; }
		append(name, value) {
			if (arguments.length < 2) throw new TypeError("URLSearchParams.append: 2 arguments required");
			this.#list.push([String(name), String(value)]);
			this.#update();
		}
		delete(name, value) {
			name = String(name);
			if (value === undefined) {
				this.#list = this.#list.filter(p => p[0] !== name);
			} else {
				value = String(value);
				this.#list = this.#list.filter(p => p[0] !== name || p[1] !== value);
			}
			this.#update();
		}
		get(name) {
			name = String(name);
			const p = this.#list.find(p => p[0] === name);
			return p === undefined ? null : p[1];
		}
		getAll(name) {
			name = String(name);
			return this.#list.filter(p => p[0] === name).map(p => p[1]);
		}
		has(name, value) {
			name = String(name);
			if (value === undefined) return this.#list.some(p => p[0] === name);
			value = String(value);
			return this.#list.some(p => p[0] === name && p[1] === value);
		}
		set(name, value) {
			if (arguments.length < 2) throw new TypeError("URLSearchParams.set: 2 arguments required");
			name = String(name);
			value = String(value);
			const i = this.#list.findIndex(p => p[0] === name);
			if (i < 0) {
				this.#list.push([name, value]);
			} else {
				this.#list[i][1] = value;
				this.#list = this.#list.filter((p, j) => j <= i || p[0] !== name);
			}
			this.#update();
		}
		sort() {
			// stable, by UTF-16 code units
			const keyed = this.#list.map((p, i) => [p, i]);
			keyed.sort((a, b) => compareUnits(a[0][0], b[0][0]) || a[1] - b[1]);
			this.#list = keyed.map(k => k[0]);
			this.#update();
		}
		forEach(callback, thisArg = undefined) {
			if (typeof callback !== "function") throw new TypeError("URLSearchParams.forEach: the callback is not a function");
			for (let i = 0; i < this.#list.length; i++) {
				const p = this.#list[i];
				callback.call(thisArg, p[1], p[0], this);
			}
		}
		// Iterators over a snapshot (array iterators: generators would make
		// goja build its generator machinery in every new runtime).
		entries() { return this.#list.map(p => [p[0], p[1]]).values(); }
		keys() { return this.#list.map(p => p[0]).values(); }
		values() { return this.#list.map(p => p[1]).values(); }
		[Symbol.iterator]() { return this.entries(); }
		toString() { return native.formSerialize(this.#list); }
		get [Symbol.toStringTag]() { return "URLSearchParams"; }
	}
	const linkParams = URLSearchParams._link, resetParams = URLSearchParams._reset;
	delete URLSearchParams._link;
	delete URLSearchParams._reset;

	class URL {
		#u;
		#params;
		constructor(url, base = undefined) {
			if (arguments.length < 1) throw new TypeError("URL: 1 argument required");
			const h = native.urlParse(String(url), base === undefined ? undefined : String(base));
			if (h === null) throw new TypeError("Invalid URL: " + JSON.stringify(String(url)) + (base === undefined ? "" : " against base " + JSON.stringify(String(base))));
			this.#u = h;
			this.#params = new URLSearchParams();
			resetParams(this.#params, native.urlGet(h, "query"));
			linkParams(this.#params, h);
		}
		static canParse(url, base = undefined) {
			return native.urlParse(String(url), base === undefined ? undefined : String(base)) !== null;
		}
		static parse(url, base = undefined) {
			try { return new URL(url, base); } catch (e) { return null; }
		}
		get href() { return native.urlGet(this.#u, "href"); }
		set href(v) {
			if (!native.urlSet(this.#u, "href", String(v))) throw new TypeError("Invalid URL: " + JSON.stringify(String(v)));
			resetParams(this.#params, native.urlGet(this.#u, "query"));
		}
		get origin() { return native.urlGet(this.#u, "origin"); }
		get protocol() { return native.urlGet(this.#u, "protocol"); }
		set protocol(v) { native.urlSet(this.#u, "protocol", String(v)); }
		get username() { return native.urlGet(this.#u, "username"); }
		set username(v) { native.urlSet(this.#u, "username", String(v)); }
		get password() { return native.urlGet(this.#u, "password"); }
		set password(v) { native.urlSet(this.#u, "password", String(v)); }
		get host() { return native.urlGet(this.#u, "host"); }
		set host(v) { native.urlSet(this.#u, "host", String(v)); }
		get hostname() { return native.urlGet(this.#u, "hostname"); }
		set hostname(v) { native.urlSet(this.#u, "hostname", String(v)); }
		get port() { return native.urlGet(this.#u, "port"); }
		set port(v) { native.urlSet(this.#u, "port", String(v)); }
		get pathname() { return native.urlGet(this.#u, "pathname"); }
		set pathname(v) { native.urlSet(this.#u, "pathname", String(v)); }
		get search() { return native.urlGet(this.#u, "search"); }
		set search(v) {
			native.urlSet(this.#u, "search", String(v));
			resetParams(this.#params, native.urlGet(this.#u, "query"));
		}
		get searchParams() { return this.#params; }
		get hash() { return native.urlGet(this.#u, "hash"); }
		set hash(v) { native.urlSet(this.#u, "hash", String(v)); }
		toString() { return native.urlGet(this.#u, "href"); }
		toJSON() { return native.urlGet(this.#u, "href"); }
		get [Symbol.toStringTag]() { return "URL"; }
	}

	class TextEncoder {
		get encoding() { return "utf-8"; }
		encode(input = "") { return new Uint8Array(native.utf8Encode(String(input))); }
		encodeInto(source, destination) {
			if (!(destination instanceof Uint8Array)) throw new TypeError("TextEncoder.encodeInto: the destination is not a Uint8Array");
			const r = native.utf8EncodeInto(String(source), destination.length);
			destination.set(new Uint8Array(r.bytes), 0);
			return { read: r.read, written: r.bytes.byteLength };
		}
		get [Symbol.toStringTag]() { return "TextEncoder"; }
	}

	class TextDecoder {
		#d;
		#fatal;
		#ignoreBOM;
		constructor(label = "utf-8", options = undefined) {
			const l = String(label).trim().toLowerCase();
			if (l !== "utf-8" && l !== "utf8" && l !== "unicode-1-1-utf-8" && l !== "unicode11utf8" &&
				l !== "unicode20utf8" && l !== "x-unicode20utf8") {
				throw new RangeError("TextDecoder: the encoding " + JSON.stringify(String(label)) + " is not supported (only UTF-8 is)");
			}
			if (options !== undefined && options !== null && typeof options !== "object") {
				throw new TypeError("TextDecoder: the options are not an object");
			}
			this.#fatal = Boolean(options && options.fatal);
			this.#ignoreBOM = Boolean(options && options.ignoreBOM);
			this.#d = native.utf8Decoder(this.#fatal, this.#ignoreBOM);
		}
		get encoding() { return "utf-8"; }
		get fatal() { return this.#fatal; }
		get ignoreBOM() { return this.#ignoreBOM; }
		decode(input = undefined, options = undefined) {
			const stream = Boolean(options && options.stream);
			let buf = null, off = 0, len = 0;
			if (input !== undefined) {
				if (input instanceof ArrayBuffer) {
					buf = input; len = input.byteLength;
				} else if (ArrayBuffer.isView(input)) {
					buf = input.buffer; off = input.byteOffset; len = input.byteLength;
				} else {
					throw new TypeError("TextDecoder.decode: the input is not an ArrayBuffer or a view of one");
				}
			}
			const r = native.utf8Decode(this.#d, buf, off, len, stream);
			if (r === null) throw new TypeError("TextDecoder.decode: the encoded data was not valid UTF-8");
			return r;
		}
		get [Symbol.toStringTag]() { return "TextDecoder"; }
	}

	let helpers = null;
	function lazy() {
		if (helpers === null) helpers = makeHelpers();
		return helpers;
	}

	function makeHelpers() {
		// The cloning and logging machinery is made on first use: capturing the
		// built-ins it relies on makes goja build them (Map, Set, typed arrays,
		// Reflect …), which would double the cost of a new runtime. Captured
		// then, a script that replaces them later cannot change how cloning and
		// logging behave.
		const O = Object, A = Array, R = Reflect, S = String, JSONStringify = JSON.stringify;
		const getTime = Date.prototype.getTime, mapHas = Map.prototype.has, setHas = Set.prototype.has;
		const mapEntries = Map.prototype.entries, setValues = Set.prototype.values;
		const bufferLength = O.getOwnPropertyDescriptor(ArrayBuffer.prototype, "byteLength").get;
		const bufferSlice = ArrayBuffer.prototype.slice;
		const TypedArray = O.getPrototypeOf(Uint8Array);
		const typedArrayTag = O.getOwnPropertyDescriptor(TypedArray.prototype, Symbol.toStringTag).get;
		const regexpSource = O.getOwnPropertyDescriptor(RegExp.prototype, "source").get;
		const regexpFlags = O.getOwnPropertyDescriptor(RegExp.prototype, "flags").get;
		const typedArrays = { Int8Array, Uint8Array, Uint8ClampedArray, Int16Array, Uint16Array, Int32Array, Uint32Array,
			Float32Array, Float64Array, BigInt64Array, BigUint64Array };
		const errorTypes = { Error, EvalError, RangeError, ReferenceError, SyntaxError, TypeError, URIError };
		const platform = [URL.prototype, URLSearchParams.prototype, TextEncoder.prototype, TextDecoder.prototype];
		const isPlatform = v => { for (const p of platform) if (p.isPrototypeOf(v)) return true; return false; };

		function brand(fn, v) { try { fn.call(v); return true; } catch (e) { return false; } }

		const maxCloneDepth = 1000;

		function structuredClone(value, options = undefined) {
			if (arguments.length < 1) throw new TypeError("structuredClone: 1 argument required");
			if (options !== undefined && options !== null && options.transfer !== undefined && A.from(options.transfer).length > 0) {
				throw new DOMException("structuredClone: transferring is not supported", "DataCloneError");
			}
			const memory = new Map();
			return clone(value, memory, 0);
		}

		function clone(v, memory, depth) {
			const t = typeof v;
			if (t === "symbol") throw new DOMException("structuredClone: a symbol cannot be cloned", "DataCloneError");
			if (t === "function") throw new DOMException("structuredClone: a function cannot be cloned", "DataCloneError");
			if (v === null || t !== "object") return v;
			if (memory.has(v)) return memory.get(v);
			if (depth > maxCloneDepth) throw new DOMException("structuredClone: the value is nested too deeply", "DataCloneError");
			if (isPlatform(v) || v instanceof DOMException) throw new DOMException("structuredClone: platform objects cannot be cloned", "DataCloneError");
			let out;
			if (brand(getTime, v)) {
				out = new Date(getTime.call(v));
			} else if (brand(regexpSource, v) && brand(regexpFlags, v) && v !== RegExp.prototype) {
				out = new RegExp(regexpSource.call(v), regexpFlags.call(v));
			} else if (brand(bufferLength, v)) {
				out = bufferSlice.call(v, 0);
			} else if (typedArrayTag.call(v) !== undefined) {
				const buffer = clone(v.buffer, memory, depth + 1);
				out = new typedArrays[typedArrayTag.call(v)](buffer, v.byteOffset, v.length);
			} else if (v instanceof DataView) {
				out = new DataView(clone(v.buffer, memory, depth + 1), v.byteOffset, v.byteLength);
			} else if (brand(function () { return mapHas.call(this, undefined); }, v)) {
				out = new Map();
				memory.set(v, out);
				for (const [k, val] of A.from(mapEntries.call(v))) out.set(clone(k, memory, depth + 1), clone(val, memory, depth + 1));
				return out;
			} else if (brand(function () { return setHas.call(this, undefined); }, v)) {
				out = new Set();
				memory.set(v, out);
				for (const val of A.from(setValues.call(v))) out.add(clone(val, memory, depth + 1));
				return out;
			} else if (v instanceof Error) {
				const name = S(v.name);
				out = new (errorTypes[name] || Error)(v.message === undefined ? undefined : S(v.message));
				memory.set(v, out);
				if (typeof v.stack === "string") O.defineProperty(out, "stack", { value: v.stack, writable: true, configurable: true });
				return out;
			} else if (A.isArray(v)) {
				out = new A(v.length);
			} else if (v instanceof Promise || v instanceof WeakMap || v instanceof WeakSet) {
				throw new DOMException("structuredClone: " + O.prototype.toString.call(v) + " cannot be cloned", "DataCloneError");
			} else {
				out = {};
			}
			memory.set(v, out);
			if (brand(bufferLength, v) || typedArrayTag.call(v) !== undefined || v instanceof DataView || brand(getTime, v)) {
				return out;
			}
			for (const key of O.keys(v)) {
				out[key] = clone(v[key], memory, depth + 1);
			}
			return out;
		}

		// console: the arguments formatted as browsers and Node do (format
		// specifiers in a first string argument, values inspected), one line
		// to the gateway log.
		const maxItems = 100, maxDepth = 2;

		function inspect(v, depth, seen, top) {
			switch (typeof v) {
			case "string": return top ? v : JSONStringify(v);
			case "undefined": return "undefined";
			case "function": return "[Function: " + (v.name || "(anonymous)") + "]";
			case "symbol": return S(v);
			case "bigint": return S(v) + "n";
			case "object": break;
			default: return S(v);
			}
			if (v === null) return "null";
			if (seen.includes(v)) return "[Circular]";
			if (v instanceof Error) return typeof v.stack === "string" && v.stack !== "" ? v.stack : S(v.name) + ": " + S(v.message);
			if (brand(getTime, v)) return isNaN(getTime.call(v)) ? "Invalid Date" : new Date(getTime.call(v)).toISOString();
			if (v instanceof URL || v instanceof URLSearchParams) return O.prototype.toString.call(v).slice(8, -1) + " " + JSONStringify(S(v));
			if (brand(regexpSource, v) && v !== RegExp.prototype) return "/" + regexpSource.call(v) + "/" + regexpFlags.call(v);
			if (depth > maxDepth) return A.isArray(v) ? "[Array]" : "[Object]";
			seen = seen.concat([v]);
			const parts = [];
			let open = "{", close = "}", prefix = "";
			if (A.isArray(v)) {
				open = "["; close = "]";
				const n = v.length;
				for (let i = 0; i < n && i < maxItems; i++) parts.push(inspect(v[i], depth + 1, seen, false));
				if (n > maxItems) parts.push("... " + (n - maxItems) + " more items");
			} else if (brand(function () { return mapHas.call(this, undefined); }, v)) {
				const entries = A.from(mapEntries.call(v));
				prefix = "Map(" + entries.length + ") ";
				for (const [k, val] of entries.slice(0, maxItems)) parts.push(inspect(k, depth + 1, seen, false) + " => " + inspect(val, depth + 1, seen, false));
			} else if (brand(function () { return setHas.call(this, undefined); }, v)) {
				const values = A.from(setValues.call(v));
				prefix = "Set(" + values.length + ") ";
				for (const val of values.slice(0, maxItems)) parts.push(inspect(val, depth + 1, seen, false));
			} else if (typedArrayTag.call(v) !== undefined) {
				prefix = typedArrayTag.call(v) + "(" + v.length + ") ";
				open = "["; close = "]";
				for (let i = 0; i < v.length && i < maxItems; i++) parts.push(S(v[i]));
			} else {
				const ctor = O.getPrototypeOf(v) === null ? "[Object: null prototype] " : "";
				prefix = ctor;
				const keys = O.keys(v);
				for (const k of keys.slice(0, maxItems)) {
					const d = R.getOwnPropertyDescriptor(v, k);
					const shown = d === undefined ? "undefined" : "value" in d ? inspect(d.value, depth + 1, seen, false) : "[Getter]";
					parts.push((/^[A-Za-z_$][\w$]*$/.test(k) ? k : JSONStringify(k)) + ": " + shown);
				}
				if (keys.length > maxItems) parts.push("... " + (keys.length - maxItems) + " more properties");
			}
			return parts.length === 0 ? prefix + open + close : prefix + open + " " + parts.join(", ") + " " + close;
		}

		function format(args) {
			let out = "", i = 0;
			if (typeof args[0] === "string" && args[0].includes("%")) {
				const f = args[0];
				i = 1;
				for (let j = 0; j < f.length; j++) {
					const c = f[j];
					if (c !== "%" || j + 1 >= f.length) { out += c; continue; }
					const k = f[++j];
					if (k === "%") { out += "%"; continue; }
					if ("sdifoOjc".indexOf(k) < 0) { out += "%" + k; continue; }
					if (k === "c") { i++; continue; }
					if (i >= args.length) { out += "%" + k; continue; }
					const a = args[i++];
					switch (k) {
					case "s": out += typeof a === "string" ? a : inspect(a, maxDepth, [], false); break;
					case "d": case "i": {
						const n = typeof a === "bigint" ? a : Number(a);
						out += typeof n === "bigint" ? S(n) + "n" : S(k === "i" ? Math.trunc(n) : n);
						break;
					}
					case "f": out += S(Number(a)); break;
					case "j": try { out += JSONStringify(a); } catch (e) { out += "[Circular]"; } break;
					default: out += inspect(a, 0, [], false);
					}
				}
			}
			for (; i < args.length; i++) {
				if (out !== "" || i > 0) out += " ";
				out += inspect(args[i], 0, [], true);
			}
			return out;
		}

		return { structuredClone, format };
	}

	function structuredClone(value, options = undefined) {
		if (arguments.length < 1) throw new TypeError("structuredClone: 1 argument required");
		return lazy().structuredClone(value, options);
	}

	// console's methods are getters: as data properties their names (error,
	// info, debug …) would join the names the isolation analysis must
	// treat as maybe holding a built-in on any object, and a script reading
	// data.error would lose the cheap reset between calls.
	const console = {};
	for (const [name, level] of [["log", "info"], ["info", "info"], ["warn", "warn"], ["error", "error"],
		["debug", "debug"], ["trace", "debug"], ["dir", "info"]]) {
		const fn = { [name](...args) { if (native.logEnabled()) native.log(level, lazy().format(args)); } }[name];
		Object.defineProperty(console, name, { get() { return fn; }, enumerable: true, configurable: true });
	}

	return { DOMException, URL, URLSearchParams, TextEncoder, TextDecoder, structuredClone, console };
})
