// A tagged template's strings array is the same object on every evaluation.
var last = null;
function tag(s) { return s }
function handler(request, session, config) {
	var t = tag`a${1}b`;
	var obs = [last === t, Object.isFrozen(t)];
	last = t;
	return TykJsResponse({Body: JSON.stringify(obs), Code: 200, Headers: {"X-Obs": String(obs.length)}}, session.meta_data);
}
