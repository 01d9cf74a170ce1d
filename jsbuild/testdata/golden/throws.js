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

  // throws.ts
  var throws_exports = {};
  __export(throws_exports, {
    orders: () => orders
  });

  // lib/check.ts
  function check(id) {
    if (id === "") {
      throw new Error("boom here");
    }
  }

  // throws.ts
  function orders(request, session, config) {
    const order = { id: "" };
    check(order.id);
    return null;
  }
  return __toCommonJS(throws_exports);
})();
var orders = __tykve_module.orders;
//# sourceMappingURL=throws.js.map
