// A constructor destructured out of an object.
function handler(request, session, config) {
	var {constructor: C} = {};
	var obs = [typeof C.extra];
	C.extra = 1;
	return TykJsResponse({Body: JSON.stringify(obs), Code: 200, Headers: {"X-Obs": String(obs.length)}}, session.meta_data);
}
