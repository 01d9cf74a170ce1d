// Properties added to built-in namespaces and constructors.
function handler(request, session, config) {
	var obs = [typeof Math.extra, typeof Object.extra, typeof JSON.extra];
	Math.extra = 1;
	Object.extra = 1;
	JSON.extra = 1;
	return TykJsResponse({Body: JSON.stringify(obs), Code: 200, Headers: {"X-Obs": String(obs.length)}}, session.meta_data);
}
