var __tykve_module = (function () {
// node_modules/tiny-greet/index.mjs
function greet(name) {
  return `hello ${name}`;
}
var shout = (s) => s.toUpperCase() + "!";

// entry.mjs
function hello(request, session, config) {
  return TykJsResponse({ Body: shout(greet(request.Params.name ? request.Params.name[0] : "world")), Code: 200 }, {});
}
return { "hello": hello };
})();
var hello = __tykve_module.hello;
//# sourceMappingURL=npm.js.map
