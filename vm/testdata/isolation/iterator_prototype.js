// The array iterator prototype reached through an iterator.
function handler(request, session, config) {
	var proto = Object.getPrototypeOf([].values());
	var obs = [typeof proto.extra];
	proto.extra = 1;
	return TykJsResponse({Body: JSON.stringify(obs), Code: 200, Headers: {"X-Obs": String(obs.length)}}, session.meta_data);
}
