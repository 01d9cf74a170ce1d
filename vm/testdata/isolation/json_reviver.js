// JSON.parse with a reviver and JSON.stringify with a replacer.
var calls = 0;
function handler(request, session, config) {
	var v = JSON.parse('{"a":1,"b":[1,2]}', function (k, x) { calls++; return x });
	var obs = [JSON.stringify(v, function (k, x) { return typeof x === "number" ? x + 1 : x }), calls];
	return TykJsResponse({Body: JSON.stringify(obs), Code: 200, Headers: {"X-Obs": String(obs.length)}}, session.meta_data);
}
