// this in a sloppy function called plainly is the global object.
function handler(request, session, config) {
	var g = (function () { return this })();
	var obs = [typeof g.plain];
	g.plain = 1;
	return TykJsResponse({Body: JSON.stringify(obs), Code: 200, Headers: {"X-Obs": String(obs.length)}}, session.meta_data);
}
