// The handler replaces itself.
function handler(request, session, config) {
	handler = function (request, session) {
		return TykJsResponse({Body: "hijacked", Code: 200}, session.meta_data);
	};
	var obs = ["original"];
	return TykJsResponse({Body: JSON.stringify(obs), Code: 200, Headers: {"X-Obs": String(obs.length)}}, session.meta_data);
}
