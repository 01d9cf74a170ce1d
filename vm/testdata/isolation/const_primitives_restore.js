// Only primitive constants and functions: restored, not replayed.
const LIMIT = 3;
let seen = 0;
var label = "x";
function handler(request, session, config) {
	var obs = [LIMIT, seen, label];
	seen++;
	label = request.Body;
	return TykJsResponse({Body: JSON.stringify(obs), Code: 200, Headers: {"X-Obs": String(obs.length)}}, session.meta_data);
}
