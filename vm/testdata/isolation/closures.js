// A closure over a top-level variable, made at the top level.
var counter = (function () { var n = 0; return function () { return ++n } })();
var total = 0;
function add(x) { total += x; return total }
function handler(request, session, config) {
	var obs = [counter(), add(2)];
	return TykJsResponse({Body: JSON.stringify(obs), Code: 200, Headers: {"X-Obs": String(obs.length)}}, session.meta_data);
}
