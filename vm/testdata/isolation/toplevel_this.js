// The top-level this is the global object.
var self = this;
function handler(request, session, config) {
	var obs = [typeof self.viaThis];
	self.viaThis = 1;
	return TykJsResponse({Body: JSON.stringify(obs), Code: 200, Headers: {"X-Obs": String(obs.length)}}, session.meta_data);
}
