// The RegExp flags getter reads this.global, which is the flags getter.
var o = {};
Object.defineProperty(o, "global", {get: Object.getOwnPropertyDescriptor(RegExp.prototype, "flags").get});
return o.global;
