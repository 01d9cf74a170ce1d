// State on a top-level function object, written directly.
function handler(request, session, config) {
	handler.calls = (handler.calls || 0) + 1;
	var obs = [handler.calls];
	return TykJsResponse({Body: JSON.stringify(obs), Code: 200, Headers: {"X-Obs": String(obs.length)}}, session.meta_data);
}
