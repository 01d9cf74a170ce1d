var __tykve_module = (function () {
var __getOwnPropNames = Object.getOwnPropertyNames;
var __commonJS = (cb, mod) => function __require() {
  try {
    return mod || (0, cb[__getOwnPropNames(cb)[0]])((mod = { exports: {} }).exports, mod), mod.exports;
  } catch (e) {
    throw mod = 0, e;
  }
};

// entry.cjs
var require_entry = __commonJS({
  "entry.cjs"(exports, module) {
    module.exports = { handler: function() {
      return TykJsResponse({ Body: "cjs", Code: 200 }, null);
    } };
  }
});
return { "default": require_entry() };
})();
var __tykve_default = __tykve_module["default"];
//# sourceMappingURL=cjs.js.map
