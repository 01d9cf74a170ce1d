// new Function creates sloppy functions whose assignments are global.
function handler(request, session, config) {
	var obs = [typeof fnLeak];
	new Function("fnLeak = 1")();
	var f = Function("return this")();
	obs.push(typeof f.fnLeak2);
	f.fnLeak2 = 1;
	return TykJsResponse({Body: JSON.stringify(obs), Code: 200, Headers: {"X-Obs": String(obs.length)}}, session.meta_data);
}
