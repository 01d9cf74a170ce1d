// The request, session and config objects changed by a call.
function handler(request, session, config) {
	var obs = [session.meta_data.mark, config.config_data.mark, request.Headers["X-Mark"]];
	session.meta_data.mark = 1;
	config.config_data.mark = 2;
	config.config_data.list.push(3);
	request.Headers["X-Mark"] = ["1"];
	delete config.APIID;
	obs.push(config.config_data.list.length);
	return TykJsResponse({Body: JSON.stringify(obs), Code: 200, Headers: {"X-Obs": String(obs.length)}}, session.meta_data);
}
