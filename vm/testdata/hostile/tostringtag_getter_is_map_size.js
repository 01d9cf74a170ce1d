// Map.prototype.size type-checks this and names it in its TypeError with Object.prototype.toString,
// which reads the Symbol.toStringTag getter: size again.
var o = {};
Object.defineProperty(o, Symbol.toStringTag, {get: Object.getOwnPropertyDescriptor(Map.prototype, "size").get});
return Object.prototype.toString.call(o);
