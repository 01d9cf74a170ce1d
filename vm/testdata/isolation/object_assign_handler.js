// State on a top-level function object, written through a call.
function handler(request, session, config) {
	Object.assign(handler, {n: (handler.n || 0) + 1});
	var obs = [handler.n];
	return TykJsResponse({Body: JSON.stringify(obs), Code: 200, Headers: {"X-Obs": String(obs.length)}}, session.meta_data);
}
