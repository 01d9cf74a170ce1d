// The WHATWG Fetch subset of tyk-ve: Headers, Request, Response,
// AbortController, AbortSignal, DOMException and fetch. Run once per
// runtime, on first use (lazy.js defines the globals as stubs); the value of
// this script is a function that takes the Go natives (see install.go) and
// the stubs, and returns the classes. Bodies are held whole as
// ArrayBuffers (no streams); everything the gateway does not offer throws a
// TypeError that says so.
(function (native, stubs) {
  'use strict';
  var G = globalThis;
  var slots = new WeakMap();
  var KEY = {};

  function slot(o, cls) {
    var s = slots.get(o);
    if (s === undefined || s.cls !== cls) {
      throw new TypeError("Illegal invocation: receiver is not a " + cls);
    }
    return s;
  }
  function unsupported(what) {
    throw new TypeError(what + " is not supported by tyk-ve's fetch (no streams, Blob or FormData at the gateway)");
  }
  function define(name, value) {
    Object.defineProperty(G, name, { value: value, writable: true, configurable: true, enumerable: true });
  }
  function tag(cls, name) {
    Object.defineProperty(cls.prototype, Symbol.toStringTag, { value: name, configurable: true });
  }

  // ---- DOMException (AbortError, TimeoutError)
  var codes = { IndexSizeError: 1, NotFoundError: 8, NotSupportedError: 9, InvalidStateError: 11, SyntaxError: 12,
    InvalidAccessError: 15, TypeMismatchError: 17, SecurityError: 18, NetworkError: 19, AbortError: 20,
    TimeoutError: 23, DataCloneError: 25 };
  var DOMExceptionClass = G.DOMException;
  if (typeof DOMExceptionClass !== 'function') {
    DOMExceptionClass = class DOMException extends Error {
      constructor(message, name) {
        super(message === undefined ? '' : String(message));
        Object.defineProperty(this, 'name', { value: name === undefined ? 'Error' : String(name), configurable: true, writable: true });
      }
      get code() { return codes[this.name] || 0; }
    };
    define('DOMException', DOMExceptionClass);
  }
  function domException(message, name) { return new DOMExceptionClass(message, name); }

  // ---- Headers
  var TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
  var EDGE_WS = /^[\t\n\r ]+|[\t\n\r ]+$/g;
  function headerName(n) {
    n = String(n);
    if (!TOKEN.test(n)) { throw new TypeError('Headers: "' + n + '" is not a valid header name'); }
    return n.toLowerCase();
  }
  function headerValue(name, v) {
    v = String(v).replace(EDGE_WS, '');
    if (/[\r\n\0]/.test(v)) { throw new TypeError('Headers: the value of "' + name + '" contains CR, LF or NUL'); }
    return v;
  }
  function writable(s) {
    if (s.guard === 'immutable') { throw new TypeError('Headers: these headers are immutable (a fetch response\'s)'); }
  }
  function fillHeaders(h, init) {
    if (init === undefined || init === null) { return; }
    if (typeof init !== 'object' && typeof init !== 'function') {
      throw new TypeError('Headers: init must be a Headers, an array of [name, value] pairs or an object');
    }
    var s = slots.get(init);
    if (s !== undefined && s.cls === 'Headers') {
      s.list.forEach(function (p) { h.append(p[0], p[1]); });
      return;
    }
    if (typeof init[Symbol.iterator] === 'function') {
      for (var pair of init) {
        if (pair === null || typeof pair !== 'object' || typeof pair[Symbol.iterator] !== 'function') {
          throw new TypeError('Headers: each init entry must be a [name, value] pair');
        }
        var p = Array.from(pair);
        if (p.length !== 2) { throw new TypeError('Headers: each init entry must have exactly two items, got ' + p.length); }
        h.append(p[0], p[1]);
      }
      return;
    }
    Object.keys(init).forEach(function (k) { h.append(k, init[k]); });
  }
  // sorted and combined, as the standard iterates them: names lower-case
  // in order, values joined with ", ", set-cookie kept one per entry.
  function sortedPairs(s) {
    var names = [];
    var seen = {};
    s.list.forEach(function (p) { if (!seen[p[0]]) { seen[p[0]] = true; names.push(p[0]); } });
    names.sort();
    var out = [];
    names.forEach(function (n) {
      var vals = s.list.filter(function (p) { return p[0] === n; }).map(function (p) { return p[1]; });
      if (n === 'set-cookie') {
        vals.forEach(function (v) { out.push([n, v]); });
      } else {
        out.push([n, vals.join(', ')]);
      }
    });
    return out;
  }
  class Headers {
    constructor(init) {
      slots.set(this, { cls: 'Headers', list: [], guard: 'none' });
      fillHeaders(this, init);
    }
    append(name, value) {
      var s = slot(this, 'Headers');
      var n = headerName(name);
      var v = headerValue(n, value);
      writable(s);
      s.list.push([n, v]);
    }
    delete(name) {
      var s = slot(this, 'Headers');
      var n = headerName(name);
      writable(s);
      s.list = s.list.filter(function (p) { return p[0] !== n; });
    }
    get(name) {
      var s = slot(this, 'Headers');
      var n = headerName(name);
      var vals = s.list.filter(function (p) { return p[0] === n; }).map(function (p) { return p[1]; });
      return vals.length === 0 ? null : vals.join(', ');
    }
    getSetCookie() {
      return slot(this, 'Headers').list.filter(function (p) { return p[0] === 'set-cookie'; })
        .map(function (p) { return p[1]; });
    }
    has(name) {
      var s = slot(this, 'Headers');
      var n = headerName(name);
      return s.list.some(function (p) { return p[0] === n; });
    }
    set(name, value) {
      var s = slot(this, 'Headers');
      var n = headerName(name);
      var v = headerValue(n, value);
      writable(s);
      var i = s.list.findIndex(function (p) { return p[0] === n; });
      if (i < 0) {
        s.list.push([n, v]);
        return;
      }
      s.list[i] = [n, v];
      s.list = s.list.filter(function (p, j) { return j <= i || p[0] !== n; });
    }
    forEach(callback, thisArg) {
      if (typeof callback !== 'function') { throw new TypeError('Headers.forEach: the callback is not a function'); }
      var self = this;
      sortedPairs(slot(this, 'Headers')).forEach(function (p) { callback.call(thisArg, p[1], p[0], self); });
    }
    entries() { return sortedPairs(slot(this, 'Headers'))[Symbol.iterator](); }
    keys() { return sortedPairs(slot(this, 'Headers')).map(function (p) { return p[0]; })[Symbol.iterator](); }
    values() { return sortedPairs(slot(this, 'Headers')).map(function (p) { return p[1]; })[Symbol.iterator](); }
  }
  Object.defineProperty(Headers.prototype, Symbol.iterator,
    { value: Headers.prototype.entries, writable: true, configurable: true });
  tag(Headers, 'Headers');

  function headersFrom(init, guard) {
    var h = new Headers(init);
    slot(h, 'Headers').guard = guard;
    return h;
  }
  function headerPairs(h) { return slot(h, 'Headers').list.map(function (p) { return [p[0], p[1]]; }); }

  // ---- bodies
  function copyBytes(buf, offset, length) {
    return new Uint8Array(buf, offset, length).slice().buffer;
  }
  // extractBody returns [ArrayBuffer or null, content type or null].
  function extractBody(body, who) {
    if (body === undefined || body === null) { return [null, null]; }
    if (typeof body === 'string') { return [native.encode(body), 'text/plain;charset=UTF-8']; }
    if (body instanceof ArrayBuffer) { return [body.slice(0), null]; }
    if (ArrayBuffer.isView(body)) { return [copyBytes(body.buffer, body.byteOffset, body.byteLength), null]; }
    if (typeof G.URLSearchParams === 'function' && body instanceof G.URLSearchParams) {
      return [native.encode(String(body)), 'application/x-www-form-urlencoded;charset=UTF-8'];
    }
    if (typeof body === 'object' || typeof body === 'function') {
      var ctor = body.constructor && body.constructor.name;
      if (ctor === 'Blob' || ctor === 'File' || ctor === 'FormData' || ctor === 'ReadableStream') { unsupported(who + ': a ' + ctor + ' body'); }
      throw new TypeError(who + ': body must be a string, an ArrayBuffer, a typed array, a DataView, URLSearchParams or null, got ' +
        (ctor ? 'a ' + ctor : 'an object') + ' (to send JSON, pass JSON.stringify(value))');
    }
    return [native.encode(String(body)), 'text/plain;charset=UTF-8'];
  }
  function consume(s, who) {
    if (s.used) { return Promise.reject(new TypeError(who + ': body has already been used')); }
    if (s.body === null) { return Promise.resolve(new ArrayBuffer(0)); }
    s.used = true;
    var b = s.body;
    s.body = null;
    return Promise.resolve(b);
  }
  var bodyMethods = {
    text: function () {
      var who = this.constructor.name + '.text()';
      return consume(slot(this, this[KIND]), who).then(function (b) { return native.decode(b); });
    },
    json: function () {
      var who = this.constructor.name + '.json()';
      return consume(slot(this, this[KIND]), who).then(function (b) { return JSON.parse(native.decode(b)); });
    },
    arrayBuffer: function () {
      return consume(slot(this, this[KIND]), this.constructor.name + '.arrayBuffer()');
    },
    bytes: function () {
      return consume(slot(this, this[KIND]), this.constructor.name + '.bytes()').then(function (b) { return new Uint8Array(b); });
    },
    blob: function () { unsupported(this.constructor.name + '.blob()'); },
    formData: function () { unsupported(this.constructor.name + '.formData()'); }
  };
  var KIND = Symbol('kind');
  function mixBody(cls, name) {
    Object.defineProperty(cls.prototype, KIND, { value: name });
    Object.keys(bodyMethods).forEach(function (m) {
      Object.defineProperty(cls.prototype, m, { value: bodyMethods[m], writable: true, configurable: true });
    });
    Object.defineProperty(cls.prototype, 'bodyUsed', {
      get: function () { return slot(this, name).used; }, configurable: true
    });
    Object.defineProperty(cls.prototype, 'body', {
      get: function () { slot(this, name); unsupported(name + '.body (a ReadableStream)'); }, configurable: true
    });
    tag(cls, name);
  }

  // ---- AbortSignal, AbortController
  function newSignal() { return new AbortSignal(KEY); }
  function signalAbort(sig, reason) {
    var s = slot(sig, 'AbortSignal');
    if (s.aborted) { return; }
    s.aborted = true;
    s.reason = reason === undefined ? domException('signal is aborted without reason', 'AbortError') : reason;
    var event = { type: 'abort', target: sig, currentTarget: sig };
    var listeners = s.listeners.slice();
    s.listeners = [];
    if (typeof s.onabort === 'function') { listeners.unshift({ fn: s.onabort }); }
    listeners.forEach(function (l) {
      try {
        if (typeof l.fn === 'function') { l.fn.call(sig, event); } else { l.fn.handleEvent(event); }
      } catch (e) {
        if (typeof G.queueMicrotask === 'function') { G.queueMicrotask(function () { throw e; }); }
      }
    });
  }
  // expire aborts a timeout signal whose time has come (and an any()
  // signal one of whose sources has); force treats now as past every
  // deadline of sig's sources (a fetch that ran out of its time).
  function expire(sig, force) {
    var s = slot(sig, 'AbortSignal');
    if (s.aborted) { return; }
    if (s.deadline !== undefined && (force || Date.now() >= s.deadline)) {
      signalAbort(sig, domException('signal timed out', 'TimeoutError'));
      return;
    }
    s.sources.forEach(function (src) { expire(src, force); });
  }
  // deadline is the earliest deadline among sig and its sources, or -1.
  function deadline(sig) {
    var s = slot(sig, 'AbortSignal');
    var d = s.deadline === undefined ? -1 : s.deadline;
    s.sources.forEach(function (src) {
      var e = deadline(src);
      if (e >= 0 && (d < 0 || e < d)) { d = e; }
    });
    return d;
  }
  class AbortSignal {
    constructor(key) {
      if (key !== KEY) { throw new TypeError('Illegal constructor: use new AbortController().signal, AbortSignal.abort() or AbortSignal.timeout()'); }
      slots.set(this, { cls: 'AbortSignal', aborted: false, reason: undefined, listeners: [], onabort: null, deadline: undefined, sources: [] });
    }
    get aborted() { expire(this, false); return slot(this, 'AbortSignal').aborted; }
    get reason() { expire(this, false); return slot(this, 'AbortSignal').reason; }
    get onabort() { return slot(this, 'AbortSignal').onabort; }
    set onabort(fn) { slot(this, 'AbortSignal').onabort = fn; }
    throwIfAborted() {
      if (this.aborted) { throw slot(this, 'AbortSignal').reason; }
    }
    addEventListener(type, listener, options) {
      var s = slot(this, 'AbortSignal');
      if (type !== 'abort' || listener === null || listener === undefined) { return; }
      if (s.listeners.some(function (l) { return l.fn === listener; })) { return; }
      var once = options !== null && typeof options === 'object' && !!options.once;
      var self = this;
      var entry = { fn: listener };
      if (once) {
        entry.fn = function (e) { self.removeEventListener('abort', listener); return (typeof listener === 'function' ? listener.call(self, e) : listener.handleEvent(e)); };
        entry.orig = listener;
      }
      s.listeners.push(entry);
    }
    removeEventListener(type, listener) {
      var s = slot(this, 'AbortSignal');
      if (type !== 'abort') { return; }
      s.listeners = s.listeners.filter(function (l) { return l.fn !== listener && l.orig !== listener; });
    }
    dispatchEvent() { unsupported('AbortSignal.dispatchEvent()'); }
    static abort(reason) {
      var sig = newSignal();
      signalAbort(sig, reason);
      return sig;
    }
    static timeout(ms) {
      ms = Number(ms);
      if (!isFinite(ms) || ms < 0) { throw new TypeError('AbortSignal.timeout: milliseconds must be a finite number >= 0'); }
      var sig = newSignal();
      slot(sig, 'AbortSignal').deadline = Date.now() + Math.floor(ms);
      return sig;
    }
    static any(signals) {
      var list = Array.from(signals);
      var sig = newSignal();
      var s = slot(sig, 'AbortSignal');
      for (var i = 0; i < list.length; i++) {
        if (list[i].aborted) {
          signalAbort(sig, slot(list[i], 'AbortSignal').reason);
          return sig;
        }
      }
      s.sources = list;
      list.forEach(function (src) {
        src.addEventListener('abort', function () { signalAbort(sig, slot(src, 'AbortSignal').reason); });
      });
      return sig;
    }
  }
  tag(AbortSignal, 'AbortSignal');
  class AbortController {
    constructor() { slots.set(this, { cls: 'AbortController', signal: newSignal() }); }
    get signal() { return slot(this, 'AbortController').signal; }
    abort(reason) { signalAbort(slot(this, 'AbortController').signal, reason); }
  }
  tag(AbortController, 'AbortController');

  // ---- Request
  var ignoredInit = ['mode', 'credentials', 'cache', 'referrer', 'referrerPolicy', 'integrity', 'keepalive', 'priority', 'window', 'duplex'];
  class Request {
    constructor(input, init) {
      if (init === undefined || init === null) { init = {}; }
      if (typeof init !== 'object') { throw new TypeError('Request: init must be an object'); }
      var src = (input !== null && typeof input === 'object') ? slots.get(input) : undefined;
      var s;
      if (src !== undefined && src.cls === 'Request') {
        s = { cls: 'Request', method: src.method, url: src.url, headers: null, body: src.body, used: false,
          redirect: src.redirect, signal: src.signal };
        if (src.body !== null && init.body === undefined) {
          if (src.used) { throw new TypeError('Request: the input request\'s body has already been used'); }
          src.body = null;
          src.used = true;
        }
      } else {
        s = { cls: 'Request', method: 'GET', url: native.parseURL(String(input)), headers: null, body: null, used: false,
          redirect: 'follow', signal: null };
      }
      if (init.method !== undefined) { s.method = native.method(String(init.method)); }
      if (init.redirect !== undefined) {
        var r = String(init.redirect);
        if (r !== 'follow' && r !== 'manual' && r !== 'error') {
          throw new TypeError('Request: redirect must be "follow", "manual" or "error", got "' + r + '"');
        }
        s.redirect = r;
      }
      if (init.signal !== undefined) {
        var sigSlot = (init.signal !== null && typeof init.signal === 'object') ? slots.get(init.signal) : undefined;
        if (init.signal !== null && (sigSlot === undefined || sigSlot.cls !== 'AbortSignal')) {
          throw new TypeError('Request: signal must be an AbortSignal or null');
        }
        s.signal = init.signal;
      }
      s.headers = headersFrom(init.headers !== undefined ? init.headers : (src && src.cls === 'Request' ? src.headers : undefined), 'none');
      if (init.body !== undefined && init.body !== null) {
        if (s.method === 'GET' || s.method === 'HEAD') {
          throw new TypeError('Request: a ' + s.method + ' request cannot have a body');
        }
        var b = extractBody(init.body, 'Request');
        s.body = b[0];
        if (b[1] !== null && !s.headers.has('content-type')) { s.headers.append('content-type', b[1]); }
      } else if (init.body === null) {
        s.body = null;
      }
      if (s.body !== null && (s.method === 'GET' || s.method === 'HEAD')) {
        throw new TypeError('Request: a ' + s.method + ' request cannot have a body');
      }
      slots.set(this, s);
    }
    get method() { return slot(this, 'Request').method; }
    get url() { return slot(this, 'Request').url; }
    get headers() { return slot(this, 'Request').headers; }
    get redirect() { return slot(this, 'Request').redirect; }
    get signal() {
      var s = slot(this, 'Request');
      if (s.signal === null) { s.signal = newSignal(); }
      return s.signal;
    }
    clone() {
      var s = slot(this, 'Request');
      if (s.used) { throw new TypeError('Request.clone: body has already been used'); }
      var c = new Request(this.url, { method: s.method, headers: s.headers, redirect: s.redirect, signal: s.signal });
      slot(c, 'Request').body = s.body === null ? null : s.body.slice(0);
      return c;
    }
  }
  mixBody(Request, 'Request');

  // ---- Response
  var NULL_BODY = { 101: true, 103: true, 204: true, 205: true, 304: true };
  var REDIRECT = { 301: true, 302: true, 303: true, 307: true, 308: true };
  function newResponse(s) {
    var r = Object.create(Response.prototype);
    slots.set(r, s);
    return r;
  }
  class Response {
    constructor(body, init) {
      if (init === undefined || init === null) { init = {}; }
      if (typeof init !== 'object') { throw new TypeError('Response: init must be an object'); }
      var status = init.status === undefined ? 200 : Number(init.status);
      if (!Number.isInteger(status) || status < 200 || status > 599) {
        throw new RangeError('Response: status must be an integer from 200 to 599, got ' + String(init.status));
      }
      var statusText = init.statusText === undefined ? '' : String(init.statusText);
      if (/[\r\n]/.test(statusText) || /[^\t\x20-\x7e\x80-\xff]/.test(statusText)) {
        throw new TypeError('Response: statusText is not a valid reason phrase');
      }
      var s = { cls: 'Response', type: 'default', status: status, statusText: statusText,
        headers: headersFrom(init.headers, 'none'), url: '', redirected: false, body: null, used: false };
      if (body !== undefined && body !== null) {
        if (NULL_BODY[status]) { throw new TypeError('Response: a ' + status + ' response cannot have a body'); }
        var b = extractBody(body, 'Response');
        s.body = b[0];
        if (b[1] !== null && !s.headers.has('content-type')) { s.headers.append('content-type', b[1]); }
      }
      slots.set(this, s);
    }
    static json(data, init) {
      var text = JSON.stringify(data);
      if (text === undefined) { throw new TypeError('Response.json: the value cannot be serialised as JSON'); }
      var r = new Response(text, init);
      var h = slot(r, 'Response').headers;
      if (!(init && init.headers !== undefined && new Headers(init.headers).has('content-type'))) {
        h.set('content-type', 'application/json');
      }
      return r;
    }
    static redirect(url, status) {
      status = status === undefined ? 302 : Number(status);
      if (!REDIRECT[status]) { throw new RangeError('Response.redirect: status must be 301, 302, 303, 307 or 308, got ' + String(status)); }
      var loc = native.parseLocation(String(url));
      return newResponse({ cls: 'Response', type: 'default', status: status, statusText: '',
        headers: headersFrom([['location', loc]], 'immutable'), url: '', redirected: false, body: null, used: false });
    }
    static error() {
      return newResponse({ cls: 'Response', type: 'error', status: 0, statusText: '',
        headers: headersFrom(undefined, 'immutable'), url: '', redirected: false, body: null, used: false });
    }
    get type() { return slot(this, 'Response').type; }
    get status() { return slot(this, 'Response').status; }
    get ok() { var st = slot(this, 'Response').status; return st >= 200 && st <= 299; }
    get statusText() { return slot(this, 'Response').statusText; }
    get headers() { return slot(this, 'Response').headers; }
    get url() { return slot(this, 'Response').url; }
    get redirected() { return slot(this, 'Response').redirected; }
    clone() {
      var s = slot(this, 'Response');
      if (s.used) { throw new TypeError('Response.clone: body has already been used'); }
      return newResponse({ cls: 'Response', type: s.type, status: s.status, statusText: s.statusText,
        headers: headersFrom(s.headers, slot(s.headers, 'Headers').guard), url: s.url, redirected: s.redirected,
        body: s.body === null ? null : s.body.slice(0), used: false });
    }
  }
  mixBody(Response, 'Response');

  // ---- fetch
  function fetch(input, init) {
    return new Promise(function (resolve, reject) {
      var req = new Request(input, init);
      var s = slot(req, 'Request');
      var signal = s.signal;
      if (signal !== null && signal.aborted) {
        reject(slot(signal, 'AbortSignal').reason);
        return;
      }
      var body = s.body;
      if (body !== null) { s.body = null; s.used = true; }
      var settled = false;
      var onAbort = null;
      var done = function (err, timedOut, r) {
        if (settled) { return; }
        settled = true;
        if (onAbort !== null) { signal.removeEventListener('abort', onAbort); }
        if (err !== null) {
          if (timedOut && signal !== null) {
            expire(signal, true);
            reject(slot(signal, 'AbortSignal').reason);
            return;
          }
          reject(new TypeError('fetch failed: ' + err));
          return;
        }
        resolve(newResponse({ cls: 'Response', type: 'basic', status: r.status, statusText: r.statusText,
          headers: headersFrom(r.headers, 'immutable'), url: r.url, redirected: r.redirected,
          body: r.body, used: false }));
      };
      var abort = native.send(s.method, s.url, headerPairs(s.headers), body, s.redirect,
        signal === null ? -1 : deadline(signal), done);
      if (signal !== null) {
        onAbort = function () {
          if (settled) { return; }
          settled = true;
          abort();
          reject(slot(signal, 'AbortSignal').reason);
        };
        signal.addEventListener('abort', onAbort);
      }
    });
  }

  // Methods are getters: as data properties their names (json, text,
  // error, redirect, timeout, clone …) would join the names the isolation
  // analysis must treat as maybe holding a built-in on any object, and a
  // script reading data.error or config.timeout would lose the cheap reset
  // between calls. Each getter is the method bound to a function returning
  // its this (one object per method); they have no setter.
  function self() { return this; }
  function methodsAsGetters(o) {
    Object.getOwnPropertyNames(o).forEach(function (n) {
      var d = Object.getOwnPropertyDescriptor(o, n);
      if (n === 'constructor' || !('value' in d) || typeof d.value !== 'function') { return; }
      Object.defineProperty(o, n, { get: self.bind(d.value), enumerable: false, configurable: true });
    });
  }
  [Headers.prototype, Request.prototype, Response.prototype, AbortSignal.prototype, AbortController.prototype,
    Response, AbortSignal].forEach(methodsAsGetters);
  // The globals are lazy.js's stubs: each takes its class's prototype
  // (and the prototype object a subclass made before loading may hold
  // inherits from it), and the prototype's constructor is the stub.
  function link(stub, C) {
    var before = stub.prototype;
    if (before !== C.prototype) { Object.setPrototypeOf(before, C.prototype); }
    stub.prototype = C.prototype;
    Object.defineProperty(C.prototype, 'constructor', { value: stub, writable: true, configurable: true });
  }
  link(stubs.Headers, Headers);
  link(stubs.Request, Request);
  link(stubs.Response, Response);
  link(stubs.AbortController, AbortController);
  link(stubs.AbortSignal, AbortSignal);

  // for lazy.js and Go: the classes, fetch, and the Workers-style
  // handler's request and result converters.
  return {
    Headers: Headers, Request: Request, Response: Response, AbortController: AbortController,
    AbortSignal: AbortSignal, fetch: fetch,
    incoming: function (method, url, pairs, body) {
      var r = Object.create(Request.prototype);
      slots.set(r, { cls: 'Request', method: method, url: url, headers: headersFrom(pairs, 'immutable'),
        body: body, used: false, redirect: 'manual', signal: null });
      return r;
    },
    // outgoing returns [status, [[name, value], ...], ArrayBuffer or null]
    // of a Response, or throws a TypeError for anything else.
    outgoing: function (v) {
      var s = (v !== null && typeof v === 'object') ? slots.get(v) : undefined;
      if (s === undefined || s.cls !== 'Response') {
        throw new TypeError('the handler must return a Response (or a promise of one), got ' +
          (v === null ? 'null' : typeof v === 'object' ? (v.constructor && v.constructor.name ? 'a ' + v.constructor.name : 'an object') : typeof v));
      }
      if (s.type === 'error') { throw new TypeError('the handler returned Response.error()'); }
      if (s.used) { throw new TypeError('the handler returned a Response whose body has already been used'); }
      return [s.status, sortedPairs(slot(s.headers, 'Headers')), s.body];
    }
  };
})
