var __tykve_module = (function () {
// lib/money.ts
function total(lines) {
  let sum = 0;
  for (const l of lines) sum += l.price * (l.qty ?? 1);
  return sum;
}

// orders.ts
function handler(request, session, config) {
  const lines = JSON.parse(request.Body || "[]");
  return TykJsResponse({ Body: JSON.stringify({ total: total(lines) }), Code: 200 }, {});
}
function boom(request) {
  throw new Error("boom here");
}
var orders_default = {
  async fetch(request, env, ctx) {
    return "workers";
  }
};
return { "boom": boom, "default": orders_default, "handler": handler };
})();
var boom = __tykve_module.boom;
var __tykve_default = __tykve_module["default"];
var handler = __tykve_module.handler;
//# sourceMappingURL=orders.js.map
