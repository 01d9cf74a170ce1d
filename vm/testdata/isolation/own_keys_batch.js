// Tyk's documented batch example's shape: rewriting each item of a parsed
// object by its own keys, then a deep copy by own keys.
var template = {requests: []};
function handler(request, session, config) {
	var asJS = JSON.parse('{"a": {"body": "{\\"n\\": 1}"}, "b": {"body": "[]"}, "__proto__": {"body": "{}"}}');
	for (var i in asJS) {
		asJS[i].body = JSON.parse(asJS[i].body);
	}
	var copy = {};
	Object.keys(asJS).forEach(function (k) { copy[k] = asJS[k] });
	var obs = [Object.keys(copy).length, typeof ({}).body, template.requests.length];
	template.requests.push(1);
	return TykJsResponse({Body: JSON.stringify(obs) + JSON.stringify(asJS), Code: 200}, session.meta_data);
}
