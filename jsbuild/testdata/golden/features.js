var __tykve_module = (function () {
var __knownSymbol = (name, symbol) => (symbol = Symbol[name]) ? symbol : /* @__PURE__ */ Symbol.for("Symbol." + name);
var __await = function(promise, isYieldStar) {
  this[0] = promise;
  this[1] = isYieldStar;
};
var __asyncGenerator = (__this, __arguments, generator) => {
  var resume = (k, v, yes, no) => {
    try {
      var x = generator[k](v), isAwait = (v = x.value) instanceof __await, done = x.done;
      Promise.resolve(isAwait ? v[0] : v).then((y) => isAwait ? resume(k === "return" ? k : "next", v[1] ? { done: y.done, value: y.value } : y, yes, no) : yes({ value: y, done })).catch((e) => resume("throw", e, yes, no));
    } catch (e) {
      no(e);
    }
  }, method = (k, call, wait, clear) => it[k] = (x) => (call = new Promise((yes, no, run) => (run = () => resume(k, x, yes, no), q ? q.then(run) : run())), clear = () => q === wait && (q = 0), q = wait = call.then(clear, clear), call), q, it = {};
  return generator = generator.apply(__this, __arguments), it[__knownSymbol("asyncIterator")] = () => it, method("next"), method("throw"), method("return"), it;
};
var __forAwait = (obj, it, method) => (it = obj[__knownSymbol("asyncIterator")]) ? it.call(obj) : (obj = obj[__knownSymbol("iterator")](), it = {}, method = (key, fn) => (fn = obj[key]) && (it[key] = (arg) => new Promise((yes, no, done) => (arg = fn.call(obj, arg), done = arg.done, Promise.resolve(arg.value).then((value) => yes({ value, done }), no)))), method("next"), method("return"), it);

// features.ts
var Counter = class {
  #n = 0;
  static created = 0;
  step = 1;
  inc() {
    this.#n += this.step;
    return this.#n;
  }
};
function numbers() {
  return __asyncGenerator(this, null, function* () {
    yield 1;
    yield 2;
  });
}
async function sum() {
  let total = 0;
  try {
    for (var iter = __forAwait(numbers()), more, temp, error; more = !(temp = await iter.next()).done; more = false) {
      const n = temp.value;
      total += n;
    }
  } catch (temp) {
    error = [temp];
  } finally {
    try {
      more && (temp = iter.return) && await temp.call(iter);
    } finally {
      if (error)
        throw error[0];
    }
  }
  return total;
}
function features(request, session, config) {
  let a = null;
  a ?? (a = 40);
  let b = 0;
  b || (b = 2);
  const c = new Counter();
  c.inc();
  const o = { deep: { v: a + b } };
  return TykJsResponse({ Body: String((o?.deep?.v ?? 0) + c.inc() - 1), Code: 200 }, {});
}
return { "features": features, "sum": sum };
})();
var features = __tykve_module.features;
var sum = __tykve_module.sum;
//# sourceMappingURL=features.js.map
