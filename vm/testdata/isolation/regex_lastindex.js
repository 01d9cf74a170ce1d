// lastIndex of a top-level global regexp.
var re = /a/g;
var sticky = /b/y;
function handler(request, session, config) {
	var m = re.exec("aaa");
	var obs = [m && m.index, re.lastIndex, sticky.test("bbb"), sticky.lastIndex];
	return TykJsResponse({Body: JSON.stringify(obs), Code: 200, Headers: {"X-Obs": String(obs.length)}}, session.meta_data);
}
