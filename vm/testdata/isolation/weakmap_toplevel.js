// A top-level WeakMap keyed by a top-level object and by the handler.
var wm = new WeakMap();
var key = {};
function handler(request, session, config) {
	wm.set(key, (wm.get(key) || 0) + 1);
	wm.set(handler, (wm.get(handler) || 0) + 1);
	var obs = [wm.get(key), wm.get(handler)];
	return TykJsResponse({Body: JSON.stringify(obs), Code: 200, Headers: {"X-Obs": String(obs.length)}}, session.meta_data);
}
