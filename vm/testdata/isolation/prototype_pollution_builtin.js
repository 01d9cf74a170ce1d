// Built-in prototypes changed by name.
function handler(request, session, config) {
	var obs = [typeof [].leak, typeof ({}).leak2, typeof "".leak3];
	Array.prototype.leak = 1;
	Object.prototype.leak2 = 1;
	String.prototype.leak3 = function () { return 1 };
	return TykJsResponse({Body: JSON.stringify(obs), Code: 200, Headers: {"X-Obs": String(obs.length)}}, session.meta_data);
}
