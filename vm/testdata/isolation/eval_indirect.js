// Indirect eval runs in the global scope.
function handler(request, session, config) {
	var obs = [typeof indirectVar, typeof indirectFn];
	(0, eval)("var indirectVar = 1; function indirectFn() {}");
	return TykJsResponse({Body: JSON.stringify(obs), Code: 200, Headers: {"X-Obs": String(obs.length)}}, session.meta_data);
}
