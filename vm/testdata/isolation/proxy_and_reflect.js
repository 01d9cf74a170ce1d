// A Proxy over a top-level object and Reflect.
var target = {n: 0};
var p = new Proxy(target, {get: function (t, k) { return k === "n" ? ++t.n : t[k] }});
function handler(request, session, config) {
	var obs = [p.n, Reflect.has(target, "n")];
	Reflect.set(Reflect, "mark", (Reflect.mark || 0) + 1);
	obs.push(Reflect.mark);
	return TykJsResponse({Body: JSON.stringify(obs), Code: 200, Headers: {"X-Obs": String(obs.length)}}, session.meta_data);
}
