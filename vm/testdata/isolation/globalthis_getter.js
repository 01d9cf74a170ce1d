// A getter defined on the global object.
function handler(request, session, config) {
	var obs = [String(globalThis.dynamic)];
	Object.defineProperty(globalThis, "dynamic", {get: function () { return "getter" }, configurable: true});
	return TykJsResponse({Body: JSON.stringify(obs), Code: 200, Headers: {"X-Obs": String(obs.length)}}, session.meta_data);
}
