// Computed reads only consumed as primitives: restored, not replaced.
var hits = 0;
function handler(request, session, config) {
	var name = request.Body;
	var obs = [String(request.Params[name]), request.Headers["X-Call"].join(","), typeof config[name], hits++];
	return TykJsResponse({Body: JSON.stringify(obs), Code: 200, Headers: {"X-Obs": String(obs.length)}}, session.meta_data);
}
