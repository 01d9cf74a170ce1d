// Function.prototype.apply type-checks this and names it in its TypeError with String(this),
// which calls Symbol.toPrimitive, which is apply again (found by the generator, seed 4242).
var o = {};
o[Symbol.toPrimitive] = Function.prototype.apply;
return String(o);
