// Implicit globals, beside block-scoped and catch-scoped names.
function handler(request, session, config) {
	var obs = [typeof implicit, typeof x, typeof err];
	implicit = 1;
	{ let x = 1; }
	x = 2;
	try { throw 1 } catch (err) { err = 2 }
	err = 3;
	return TykJsResponse({Body: JSON.stringify(obs), Code: 200, Headers: {"X-Obs": String(obs.length)}}, session.meta_data);
}
