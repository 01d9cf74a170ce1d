// The JavaScript half of a test file's API (package testscript). It is
// one function expression, called once per file with the Go natives; it
// returns the functions the file's globals and each test's t are made of.
// Frames in this file are left out of failure locations and stacks.
(function (native) {
  "use strict";

  var MAX_DIFFS = 10;

  // show renders a value for a failure message: JSON where JSON says what
  // it is, else the value's kind.
  function show(v) {
    var s;
    switch (typeof v) {
      case "undefined": return "undefined";
      case "function": return "[Function" + (v.name ? ": " + v.name : "") + "]";
      case "symbol": return v.toString();
      case "bigint": return v.toString() + "n";
      case "number":
        if (v !== v) { return "NaN"; }
        if (v === 0 && 1 / v < 0) { return "-0"; }
        return String(v);
      case "string": return abbreviate(JSON.stringify(v));
    }
    if (v === null) { return "null"; }
    if (v instanceof RegExp) { return String(v); }
    if (v instanceof Date) { return "Date(" + (isNaN(v.getTime()) ? "Invalid" : v.toISOString()) + ")"; }
    if (v instanceof Error) { return String(v); }
    if (v instanceof Map) { return "Map(" + v.size + ")"; }
    if (v instanceof Set) { return "Set(" + v.size + ")"; }
    try {
      s = JSON.stringify(v, function (k, x) {
        if (x === undefined) { return "undefined"; }
        if (typeof x === "bigint") { return x.toString() + "n"; }
        return x;
      });
    } catch (e) {
      s = undefined; // cyclic
    }
    if (s === undefined) { s = Array.isArray(v) ? "[Array(" + v.length + ")]" : "[object]"; }
    return abbreviate(s);
  }

  function abbreviate(s) {
    return s.length <= 200 ? s : s.slice(0, 200) + "\u2026 (" + s.length + " characters)";
  }

  function label(msg, what) {
    return (msg === undefined || msg === null || msg === "" ? what : String(msg)) + ": ";
  }

  function key(path, k) {
    return /^[A-Za-z_$][\w$]*$/.test(k) ? path + "." + k : path + "[" + JSON.stringify(k) + "]";
  }

  // diff appends to out the paths where actual and expected differ, as
  // assert.deepStrictEqual compares them: primitives by SameValue, the
  // same kind of object, arrays element by element, own enumerable keys,
  // Dates by time, RegExps by text, Maps and Sets by their entries.
  function diff(path, a, b, seen, out) {
    if (out.length >= MAX_DIFFS || Object.is(a, b)) { return; }
    if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) {
      out.push(path + ": " + show(a) + ", want " + show(b));
      return;
    }
    if (seen.get(a) === b) { return; }
    seen.set(a, b);
    if (Array.isArray(a) !== Array.isArray(b) || Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) {
      out.push(path + ": " + show(a) + ", want " + show(b) + " (a different kind of object)");
      return;
    }
    if (a instanceof Date) {
      if (!Object.is(a.getTime(), b.getTime())) { out.push(path + ": " + show(a) + ", want " + show(b)); }
      return;
    }
    if (a instanceof RegExp) {
      if (String(a) !== String(b)) { out.push(path + ": " + show(a) + ", want " + show(b)); }
      return;
    }
    if (a instanceof Map || a instanceof Set) {
      diffCollection(path, a, b, seen, out);
      return;
    }
    if (Array.isArray(a) && a.length !== b.length) {
      out.push(path + ": length " + a.length + ", want " + b.length + " (" + show(a) + ", want " + show(b) + ")");
      return;
    }
    var ka = Object.keys(a), kb = Object.keys(b), i, k;
    var at = Array.isArray(a) ? function (k) { return /^\d+$/.test(k) ? path + "[" + k + "]" : key(path, k); } : function (k) { return key(path, k); };
    for (i = 0; i < kb.length; i++) {
      k = kb[i];
      if (!Object.prototype.hasOwnProperty.call(a, k)) {
        out.push(at(k) + ": missing, want " + show(b[k]));
      } else {
        diff(at(k), a[k], b[k], seen, out);
      }
    }
    for (i = 0; i < ka.length; i++) {
      k = ka[i];
      if (!Object.prototype.hasOwnProperty.call(b, k)) {
        out.push(at(k) + ": unexpected " + show(a[k]));
      }
    }
  }

  function diffCollection(path, a, b, seen, out) {
    if (a.size !== b.size) {
      out.push(path + ": size " + a.size + ", want " + b.size);
      return;
    }
    var isMap = a instanceof Map;
    b.forEach(function (v, k) {
      if (!a.has(k)) {
        out.push(path + ": missing " + (isMap ? "key " : "") + show(k));
      } else if (isMap) {
        diff(path + ".get(" + show(k) + ")", a.get(k), v, seen, out);
      }
    });
  }

  // Headers is the answer's headers: get joins a repeated header's values
  // with ", " as fetch does; names are case-insensitive.
  function Headers(pairs) {
    var map = {};
    pairs.forEach(function (p) {
      var k = p[0].toLowerCase();
      map[k] = map[k] === undefined ? p[1] : map[k] + ", " + p[1];
    });
    this.get = function (name) {
      var v = map[String(name).toLowerCase()];
      return v === undefined ? null : v;
    };
    this.has = function (name) { return map[String(name).toLowerCase()] !== undefined; };
    this.keys = function () { return Object.keys(map).sort(); };
    this.toJSON = function () { return map; };
  }

  // Response is what t.request returns.
  function Response(raw) {
    var body = raw.body;
    this.status = raw.status;
    this.headers = new Headers(raw.headers);
    this.text = function () { return body; };
    this.json = function () {
      try {
        return JSON.parse(body);
      } catch (e) {
        throw new SyntaxError("the answer's body is not JSON (" + e.message + "): " + abbreviate(body));
      }
    };
    Object.defineProperty(this, "__id", {value: raw.id});
  }

  // cleanRequest makes query and header values the strings the test file
  // format has.
  function cleanRequest(r) {
    if (typeof r === "string") { return {path: r}; }
    if (r === null || typeof r !== "object") { throw new TypeError("t.request: want an object (or a path)"); }
    var out = {}, k;
    for (k in r) {
      if (Object.prototype.hasOwnProperty.call(r, k)) { out[k] = r[k]; }
    }
    if (out.query !== undefined && out.query !== null && typeof out.query === "object") {
      var q = {};
      Object.keys(out.query).forEach(function (name) {
        var v = out.query[name];
        q[name] = (Array.isArray(v) ? v : [v]).map(String);
      });
      out.query = q;
    }
    out.headers = strings(out.headers);
    return out;
  }

  function strings(h) {
    if (h === undefined || h === null || typeof h !== "object") { return h; }
    var out = {};
    Object.keys(h).forEach(function (name) { out[name] = String(h[name]); });
    return out;
  }

  function cleanStub(s) {
    if (s === null || typeof s !== "object") { throw new TypeError("t.upstream: want an object ({method, url, status, headers, body or json})"); }
    var out = {}, k;
    for (k in s) {
      if (Object.prototype.hasOwnProperty.call(s, k)) { out[k] = s[k]; }
    }
    out.headers = strings(out.headers);
    return out;
  }

  function encode(v, what) {
    var s = JSON.stringify(v);
    if (s === undefined) { throw new TypeError(what + ": cannot be written as JSON"); }
    return s;
  }

  // makeT returns the t of the test named name.
  function makeT(name) {
    var t = {name: name};
    t.equal = function (actual, expected, msg) {
      if (!Object.is(actual, expected)) { native.fail(label(msg, "equal") + show(actual) + ", want " + show(expected)); }
    };
    t.notEqual = function (actual, expected, msg) {
      if (Object.is(actual, expected)) { native.fail(label(msg, "notEqual") + show(actual) + ", want another value"); }
    };
    t.deepEqual = function (actual, expected, msg) {
      var out = [];
      diff("$", actual, expected, new Map(), out);
      if (out.length > 0) {
        native.fail(label(msg, "deepEqual") + out.join("; ") + (out.length >= MAX_DIFFS ? "; \u2026" : ""));
      }
    };
    t.notDeepEqual = function (actual, expected, msg) {
      var out = [];
      diff("$", actual, expected, new Map(), out);
      if (out.length === 0) { native.fail(label(msg, "notDeepEqual") + show(actual) + ", want another value"); }
    };
    t.ok = function (value, msg) {
      if (!value) { native.fail(label(msg, "ok") + show(value) + ", want a truthy value"); }
    };
    t.match = function (string, re, msg) {
      if (!(re instanceof RegExp)) { throw new TypeError("t.match: the second argument must be a RegExp"); }
      if (typeof string !== "string") {
        native.fail(label(msg, "match") + show(string) + ", want a string matching " + String(re));
        return;
      }
      re.lastIndex = 0;
      if (!re.test(string)) { native.fail(label(msg, "match") + show(string) + " does not match " + String(re)); }
    };
    t.throws = function (fn, expected, msg) {
      if (typeof fn !== "function") { throw new TypeError("t.throws: the first argument must be a function"); }
      if (typeof expected === "string" && msg === undefined) { msg = expected; expected = undefined; }
      var threw = false, err;
      try {
        fn();
      } catch (e) {
        threw = true;
        err = e;
      }
      if (!threw) {
        native.fail(label(msg, "throws") + "did not throw");
        return undefined;
      }
      if (expected instanceof RegExp) {
        var text = err instanceof Error ? String(err.message) : String(err);
        expected.lastIndex = 0;
        if (!expected.test(text) && !expected.test(String(err))) {
          native.fail(label(msg, "throws") + "threw " + show(err) + ", which does not match " + String(expected));
        }
      } else if (typeof expected === "function") {
        if (!(err instanceof expected)) {
          native.fail(label(msg, "throws") + "threw " + show(err) + ", want an instance of " + (expected.name || "the given class"));
        }
      } else if (expected !== undefined) {
        throw new TypeError("t.throws: the second argument must be a RegExp or an error class");
      }
      return err;
    };
    t.fail = function (msg) { native.fail(msg === undefined ? "failed" : String(msg)); };
    t.upstream = function (stub) { native.upstream(encode(cleanStub(stub), "t.upstream")); };
    t.session = function (session) {
      if (session === null || session === undefined) {
        native.session("");
        return;
      }
      if (typeof session !== "object" || Array.isArray(session)) { throw new TypeError("t.session: want an object (or null for none)"); }
      native.session(encode(session, "t.session"));
    };
    t.sessionMeta = function () {
      var s = native.sessionMeta();
      return s === undefined ? undefined : JSON.parse(s);
    };
    t.request = function (req) {
      return new Response(native.request(encode(cleanRequest(req), "t.request")));
    };
    t.expect = function (res, expect, msg) {
      if (!(res instanceof Response)) { throw new TypeError("t.expect: the first argument must be what t.request returned"); }
      if (expect === null || typeof expect !== "object") { throw new TypeError("t.expect: want an object ({status, headers, body, json, json_subset, session_meta})"); }
      var fails = native.expect(encode(expect, "t.expect"), res.__id);
      for (var i = 0; i < fails.length; i++) { native.fail(label(msg, "expect") + fails[i]); }
    };
    return Object.freeze(t);
  }

  function format(args) {
    return Array.prototype.map.call(args, function (a) { return typeof a === "string" ? a : show(a); }).join(" ");
  }

  var console = {};
  ["log", "info", "warn", "error", "debug"].forEach(function (level) {
    console[level] = function () { native.log(level, format(arguments)); };
  });

  return {makeT: makeT, console: Object.freeze(console)};
})
