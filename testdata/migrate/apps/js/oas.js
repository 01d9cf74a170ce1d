// Endpoints of oas.json.
function getItem(request, session, config) {
  var id = request.URL.split("?")[0].split("/").pop();
  return TykJsResponse({Body: "item " + id, Code: 200, Headers: {"Content-Type": "text/plain"}}, session.meta_data);
}

// Re-encodes the JSON body: <>& escaping shows on otto.
function createItem(request, session, config) {
  var item = JSON.parse(request.Body);
  return TykJsResponse({Body: JSON.stringify(item), Code: 201, Headers: {"Content-Type": "application/json"}}, session.meta_data);
}

// No Code: 0, which makes net/http panic in Tyk (the connection drops);
// tyk-ve answers a 500.
function noCode(request, session, config) {
  return TykJsResponse({Body: "forgot the code"}, session.meta_data);
}

// underscore.js is defined on otto only.
function underscore(request, session, config) {
  return TykJsResponse({Body: _.map([1, 2, 3], function(n) { return n * 2; }).join(","), Code: 200}, session.meta_data);
}
