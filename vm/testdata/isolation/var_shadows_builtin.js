// A top-level var named like a built-in holds the built-in itself.
var Array = Array;
var JSON = JSON;
function handler(request, session, config) {
	var obs = [typeof [].shadowLeak, typeof JSON.shadowLeak];
	Array.prototype.shadowLeak = 1;
	JSON.shadowLeak = 1;
	return TykJsResponse({Body: JSON.stringify(obs), Code: 200}, session.meta_data);
}
