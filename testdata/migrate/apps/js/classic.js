// Endpoints of classic.json. ES5 only: Tyk's otto engine loads this file.
function same(request, session, config) {
  return TykJsResponse({Body: "hello from " + config.APIID + " at " + request.URL, Code: 200,
    Headers: {"Content-Type": "text/plain", "X-Org": config.OrgID}}, session.meta_data);
}

function user(request, session, config) {
  var id = request.URL.split("?")[0].split("/").pop();
  return TykJsResponse({Body: "user " + id + " (" + config.config_data.region + ")", Code: 200}, session.meta_data);
}

// The keys come out sorted on otto (it marshals a Go map).
function keyOrder(request, session, config) {
  return TykJsResponse({Body: JSON.stringify({zone: "eu", count: 2, active: true}), Code: 200,
    Headers: {"Content-Type": "application/json"}}, session.meta_data);
}

// <, > and & come out as \u003c, \u003e and \u0026 on otto.
function html(request, session, config) {
  return TykJsResponse({Body: JSON.stringify({snippet: "<b>fish & chips</b>"}), Code: 200,
    Headers: {"Content-Type": "application/json"}}, session.meta_data);
}

// A lone surrogate becomes U+FFFD on otto; JSON.stringify escapes it.
function surrogate(request, session, config) {
  var broken = "ab\ud83d";
  return TykJsResponse({Body: JSON.stringify({text: broken}), Code: 200,
    Headers: {"Content-Type": "application/json"}}, session.meta_data);
}

// Tyk ≤ 5.14 answers an empty 200 instead of following the loop.
function loop(request, session, config) {
  return TykJsResponse({Body: "", Code: 302, Headers: {"Location": "tyk://self/same"}}, session.meta_data);
}

// Fails on both engines: the same verdict.
function boom(request, session, config) {
  throw new Error("boom");
}

// A body over net/http's 2 KB buffer: Tyk sends it chunked.
function big(request, session, config) {
  return TykJsResponse({Body: new Array(3001).join("x"), Code: 200, Headers: {"Content-Type": "text/plain"}}, session.meta_data);
}

// Calls the report's stub upstream (config_data.upstream is ${UPSTREAM}).
function upstream(request, session, config) {
  var resp = JSON.parse(TykMakeHttpRequest(JSON.stringify({Method: "GET", Domain: config.config_data.upstream, Resource: "/inventory?x=1"})));
  return TykJsResponse({Body: "upstream said " + resp.Code + " " + JSON.parse(resp.Body).path, Code: 200}, session.meta_data);
}

// Object.assign is ES2015: a TypeError on otto.
function assign(request, session, config) {
  var merged = Object.assign({}, {a: 1}, {b: 2});
  return TykJsResponse({Body: String(merged.a + merged.b), Code: 200}, session.meta_data);
}

// A URL Go cannot parse: the gateway panics inside the call and waits for
// jsvm_timeout; tyk-ve's TykMakeHttpRequest answers undefined.
function badURL(request, session, config) {
  var out = TykMakeHttpRequest(JSON.stringify({Method: "GET", Domain: "not a url", Resource: ""}));
  return TykJsResponse({Body: "got " + out, Code: 200}, session.meta_data);
}

// config.config_data: Tyk passes all of it, tyk-ve leaves out its tyk_ve key.
function dumpConfig(request, session, config) {
  return TykJsResponse({Body: JSON.stringify(config.config_data), Code: 200,
    Headers: {"Content-Type": "application/json"}}, session.meta_data);
}
