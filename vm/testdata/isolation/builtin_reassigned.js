// Built-in globals reassigned.
function handler(request, session, config) {
	var obs = [typeof JSON.parse, typeof Math.max];
	if (request.Body !== "x") Math = {max: 1};
	return TykJsResponse({Body: JSON.stringify(obs), Code: 200, Headers: {"X-Obs": String(obs.length)}}, session.meta_data);
}
