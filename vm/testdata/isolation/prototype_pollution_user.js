// A user constructor's prototype changed by a call.
function Thing() {}
Thing.prototype.count = 0;
function handler(request, session, config) {
	var t = new Thing();
	var obs = [t.count];
	Thing.prototype.count++;
	Thing.prototype["k" + request.Body.length] = 1;
	obs.push(Object.keys(Thing.prototype).length);
	return TykJsResponse({Body: JSON.stringify(obs), Code: 200, Headers: {"X-Obs": String(obs.length)}}, session.meta_data);
}
