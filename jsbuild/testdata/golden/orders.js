var __tykve_module = (() => {
  var __defProp = Object.defineProperty;
  var __getOwnPropDesc = Object.getOwnPropertyDescriptor;
  var __getOwnPropNames = Object.getOwnPropertyNames;
  var __hasOwnProp = Object.prototype.hasOwnProperty;
  var __export = (target, all) => {
    for (var name in all)
      __defProp(target, name, { get: all[name], enumerable: true });
  };
  var __copyProps = (to, from, except, desc) => {
    if (from && typeof from === "object" || typeof from === "function") {
      for (let key of __getOwnPropNames(from))
        if (!__hasOwnProp.call(to, key) && key !== except)
          __defProp(to, key, { get: () => from[key], enumerable: !(desc = __getOwnPropDesc(from, key)) || desc.enumerable });
    }
    return to;
  };
  var __toCommonJS = (mod) => __copyProps(__defProp({}, "__esModule", { value: true }), mod);

  // orders.ts
  var orders_exports = {};
  __export(orders_exports, {
    boom: () => boom,
    default: () => orders_default,
    handler: () => handler
  });

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
  return __toCommonJS(orders_exports);
})();
var boom = __tykve_module.boom;
var __tykve_default = __tykve_module["default"];
var handler = __tykve_module.handler;
//# sourceMappingURL=orders.js.map
