// A top-level const stays constant: assigning it throws a TypeError.
const X = 1;
const O = {n: 0};
function handler(request, session, config) {
	var obs = [];
	try { X = 2; obs.push("assigned") } catch (e) { obs.push(e.name, e.message) }
	obs.push(X, O.n++);
	return TykJsResponse({Body: JSON.stringify(obs), Code: 200, Headers: {"X-Obs": String(obs.length)}}, session.meta_data);
}
