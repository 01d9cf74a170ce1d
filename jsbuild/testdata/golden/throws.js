var __tykve_module = (function () {
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
return { "orders": orders };
})();
var orders = __tykve_module.orders;
//# sourceMappingURL=throws.js.map
