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

  // entry.mjs
  var entry_exports = {};
  __export(entry_exports, {
    hello: () => hello
  });

  // node_modules/tiny-greet/index.mjs
  function greet(name) {
    return `hello ${name}`;
  }
  var shout = (s) => s.toUpperCase() + "!";

  // entry.mjs
  function hello(request, session, config) {
    return TykJsResponse({ Body: shout(greet(request.Params.name ? request.Params.name[0] : "world")), Code: 200 }, {});
  }
  return __toCommonJS(entry_exports);
})();
var hello = __tykve_module.hello;
//# sourceMappingURL=npm.js.map
