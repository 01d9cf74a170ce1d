// A var without initializer and a let without initializer.
var last;
let prev;
function handler(request, session, config) {
	var obs = [String(last), String(prev)];
	last = request.Body;
	prev = request.URL;
	return TykJsResponse({Body: JSON.stringify(obs), Code: 200, Headers: {"X-Obs": String(obs.length)}}, session.meta_data);
}
