function hello(request, session, config) {
  const name = "tyk";
  return TykJsResponse({ Body: `hello ${name}`, Code: 200 }, {});
}
//# sourceMappingURL=hello.js.map
