// The top level itself creates implicit globals, reading them first.
var box = {};
loads = (typeof loads === "number" ? loads : 0) + 1;
function handler(request, session, config) {
	var obs = [loads];
	loads += 10;
	return TykJsResponse({Body: JSON.stringify(obs), Code: 200}, session.meta_data);
}
