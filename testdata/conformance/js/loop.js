// Functions of the ve-loop API: 301/302 answers whose Location is a
// tyk:// URL are loops, not responses (contract §1.10).

function redirect(code, location) {
  return TykJsResponse({Body: "", Code: code, Headers: {"Location": location}}, {});
}
function loopToEndpoint(request, session, config) { return redirect(302, "tyk://self/l/target"); }
function loopPermanent(request, session, config) { return redirect(301, "tyk://self/l/target"); }
function loopToUpstream(request, session, config) { return redirect(302, "tyk://self/l/elsewhere"); }
function loopTarget(request, session, config) {
  return TykJsResponse({Body: "loop target reached", Code: 200, Headers: {"Content-Type": "text/plain"}}, {});
}
function httpRedirect(request, session, config) { return redirect(302, "http://example.com/elsewhere"); }
