// The Symbol registry is global; symbols as keys on top-level objects.
var key = Symbol.for("app.key");
var store = {};
function handler(request, session, config) {
	var obs = [Symbol.for("app.key") === key, Symbol.keyFor(key), String(store[key])];
	store[key] = request.Body;
	store[Symbol.for("other")] = 1;
	return TykJsResponse({Body: JSON.stringify(obs), Code: 200, Headers: {"X-Obs": String(obs.length)}}, session.meta_data);
}
