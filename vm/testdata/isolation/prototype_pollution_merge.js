// Classic prototype pollution through a deep merge of parsed JSON.
function merge(t, s) {
	for (var k in s) {
		if (typeof s[k] === "object" && s[k] !== null) {
			if (!t[k]) t[k] = {};
			merge(t[k], s[k]);
		} else {
			t[k] = s[k];
		}
	}
	return t;
}
function handler(request, session, config) {
	var obs = [String(({}).polluted)];
	try { merge({}, JSON.parse(request.Body)) } catch (e) { obs.push(e.name) }
	return TykJsResponse({Body: JSON.stringify(obs), Code: 200, Headers: {"X-Obs": String(obs.length)}}, session.meta_data);
}
