// A top-level generator and iterator advance across calls.
function* ids() { var i = 0; while (true) yield i++ }
var it = ids();
var arrIt = [1, 2, 3][Symbol.iterator]();
function handler(request, session, config) {
	var obs = [it.next().value, arrIt.next().value];
	return TykJsResponse({Body: JSON.stringify(obs), Code: 200, Headers: {"X-Obs": String(obs.length)}}, session.meta_data);
}
