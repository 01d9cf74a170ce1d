// Direct eval declares and assigns globals.
function handler(request, session, config) {
	var obs = [typeof fromEval];
	eval("fromEval = 1; var local = 2");
	obs.push(typeof local);
	return TykJsResponse({Body: JSON.stringify(obs), Code: 200, Headers: {"X-Obs": String(obs.length)}}, session.meta_data);
}
