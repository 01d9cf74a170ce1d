// The Function constructor reached without its name creates a global.
function handler(request, session, config) {
	var obs = [typeof leak];
	(function () {}).constructor("leak = 1")();
	return TykJsResponse({Body: JSON.stringify(obs), Code: 200, Headers: {"X-Obs": String(obs.length)}}, session.meta_data);
}
