// Tyk API functions reassigned or deleted by a call.
function handler(request, session, config) {
	var obs = [typeof b64enc, typeof log];
	b64enc = 1;
	delete log;
	return TykJsResponse({Body: JSON.stringify(obs), Code: 200, Headers: {"X-Obs": String(obs.length)}}, session.meta_data);
}
