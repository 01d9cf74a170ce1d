// with: assignments inside fall through to the global object.
var scope = {a: 1};
function handler(request, session, config) {
	var obs = [typeof withLeak, scope.a];
	with (scope) { a = a + 1; withLeak = 1 }
	return TykJsResponse({Body: JSON.stringify(obs), Code: 200, Headers: {"X-Obs": String(obs.length)}}, session.meta_data);
}
