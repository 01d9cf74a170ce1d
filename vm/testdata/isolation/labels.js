// Labelled loops and blocks over a top-level counter.
var count = 0;
function handler(request, session, config) {
	outer: for (var i = 0; i < 3; i++) {
		for (var j = 0; j < 3; j++) {
			if (j === 1) continue outer;
			count++;
		}
	}
	block: { count += 10; break block; }
	var obs = [count];
	return TykJsResponse({Body: JSON.stringify(obs), Code: 200, Headers: {"X-Obs": String(obs.length)}}, session.meta_data);
}
