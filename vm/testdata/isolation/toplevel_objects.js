// Objects, arrays, maps and dates built at the top level.
var cache = {hits: 0};
var list = [];
var map = new Map();
var when = new Date(0);
function handler(request, session, config) {
	var obs = [cache.hits++, list.length, map.size, when.getTime()];
	list.push(request.Body);
	map.set(request.Body, 1);
	when.setTime(when.getTime() + 1000);
	return TykJsResponse({Body: JSON.stringify(obs), Code: 200, Headers: {"X-Obs": String(obs.length)}}, session.meta_data);
}
