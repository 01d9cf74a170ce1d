// A built-in method read off an object and changed.
function handler(request, session, config) {
	var push = [].push;
	var has = {}.hasOwnProperty;
	var obs = [typeof push.stash, typeof has.stash];
	push.stash = 1;
	has.stash = 1;
	return TykJsResponse({Body: JSON.stringify(obs), Code: 200, Headers: {"X-Obs": String(obs.length)}}, session.meta_data);
}
