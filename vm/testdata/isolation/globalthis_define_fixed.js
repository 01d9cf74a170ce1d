// A non-configurable, non-writable global defined by a call.
function handler(request, session, config) {
	var obs = [typeof fixed];
	try { Object.defineProperty(globalThis, "fixed", {value: 1}) } catch (e) { obs.push(e.name) }
	return TykJsResponse({Body: JSON.stringify(obs), Code: 200, Headers: {"X-Obs": String(obs.length)}}, session.meta_data);
}
