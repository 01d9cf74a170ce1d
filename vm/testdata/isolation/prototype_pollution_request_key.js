// The request chooses the key: o[key] is a prototype or a constructor.
function handler(request, session, config) {
	var holder = {};
	var obs = [];
	try {
		var target = holder[request.Body];
		obs.push(typeof target, target && String(target.mark));
		if (target) target.mark = (target.mark || 0) + 1;
	} catch (e) { obs.push(e.name) }
	return TykJsResponse({Body: JSON.stringify(obs), Code: 200, Headers: {"X-Obs": String(obs.length)}}, session.meta_data);
}
