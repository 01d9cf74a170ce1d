// A call that makes the global object non-extensible.
var n = 0;
function handler(request, session, config) {
	var obs = [Object.isExtensible(globalThis), n++];
	if (request.Body === "constructor") Object.preventExtensions(globalThis);
	return TykJsResponse({Body: JSON.stringify(obs), Code: 200, Headers: {"X-Obs": String(obs.length)}}, session.meta_data);
}
