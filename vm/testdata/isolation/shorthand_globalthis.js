// A shorthand property hides the reach to the global object.
var o = {globalThis};
function handler(request, session, config) {
	var obs = [typeof o.globalThis.leak];
	o.globalThis.leak = 1;
	return TykJsResponse({Body: JSON.stringify(obs), Code: 200, Headers: {"X-Obs": String(obs.length)}}, session.meta_data);
}
