// An error's prototype reached through a caught exception.
function handler(request, session, config) {
	var obs = [];
	try { null.x } catch (e) {
		var p = e.__proto__;
		obs.push(typeof p.extra);
		p.extra = 1;
	}
	return TykJsResponse({Body: JSON.stringify(obs), Code: 200, Headers: {"X-Obs": String(obs.length)}}, session.meta_data);
}
