// A replacer handed the nested objects of a value read by a request-chosen
// key (the TykJS namespace's enumerable members).
var holder = {ns: null};
function handler(request, session, config) {
	var obs = [];
	var key = request.Body === "x" ? "TykMiddleware" : "TykEventHandlers";
	var ns = {TykMiddleware: 1, TykEventHandlers: 2};
	JSON.stringify({a: 1}, function (k, v) {
		if (v && typeof v === "object") { obs.push(typeof v.mark); v.mark = 1 }
		return v;
	});
	try {
		var t = (function () { return this })();
		obs.push(typeof t);
	} catch (e) { obs.push(e.name) }
	return TykJsResponse({Body: JSON.stringify(obs) + key + ns[key], Code: 200}, session.meta_data);
}
