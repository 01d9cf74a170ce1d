// The globals fetch.js defines, as light stubs: the classes are built on
// first use (a call of fetch, a new Headers/Request/Response/
// AbortController, a static such as Response.json), so a runtime whose
// scripts never touch them pays a few function objects. Loading links each
// stub to its class (the stub's prototype becomes the class's), so
// instanceof, subclasses and the prototypes behave as for the classes.
(function (native) {
  'use strict';
  var real = null;
  var stubs;
  function load() {
    if (real === null) { real = native.load(stubs); }
    return real;
  }
  function needsNew(name) { throw new TypeError("Class constructor " + name + " cannot be invoked without 'new'"); }
  function Headers(init) {
    if (new.target === undefined) { needsNew('Headers'); }
    return Reflect.construct(load().Headers, arguments, new.target);
  }
  function Request(input, init) {
    if (new.target === undefined) { needsNew('Request'); }
    return Reflect.construct(load().Request, arguments, new.target);
  }
  function Response(body, init) {
    if (new.target === undefined) { needsNew('Response'); }
    return Reflect.construct(load().Response, arguments, new.target);
  }
  function AbortController() {
    if (new.target === undefined) { needsNew('AbortController'); }
    return Reflect.construct(load().AbortController, arguments, new.target);
  }
  function AbortSignal() {
    throw new TypeError('Illegal constructor: use new AbortController().signal, AbortSignal.abort() or AbortSignal.timeout()');
  }
  function fetch(input, init) { return load().fetch(input, init); }
  stubs = { Headers: Headers, Request: Request, Response: Response, AbortController: AbortController, AbortSignal: AbortSignal };
  function statics(stub, names) {
    names.forEach(function (n) {
      Object.defineProperty(stub, n, { get: function () { return load()[stub.name][n]; }, configurable: true });
    });
  }
  statics(Response, ['json', 'redirect', 'error']);
  statics(AbortSignal, ['abort', 'timeout', 'any']);
  [fetch, Headers, Request, Response, AbortController, AbortSignal].forEach(function (g) {
    Object.defineProperty(globalThis, g.name, { value: g, writable: true, enumerable: true, configurable: true });
  });
  return load;
})
