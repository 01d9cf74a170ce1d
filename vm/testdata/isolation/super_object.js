// super in an object literal method reads Object.prototype.
var o = { m() { return super.hasOwnProperty } };
function handler(request, session, config) {
	var h = o.m();
	var obs = [typeof h.extra];
	h.extra = 1;
	return TykJsResponse({Body: JSON.stringify(obs), Code: 200, Headers: {"X-Obs": String(obs.length)}}, session.meta_data);
}
