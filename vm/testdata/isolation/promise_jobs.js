// Promise jobs run within the call; results land on a top-level object.
var box = {v: 0};
function handler(request, session, config) {
	Promise.resolve(1).then(function (x) { box.v += x });
	var obs = [box.v];
	return TykJsResponse({Body: JSON.stringify(obs), Code: 200, Headers: {"X-Obs": String(obs.length)}}, session.meta_data);
}
