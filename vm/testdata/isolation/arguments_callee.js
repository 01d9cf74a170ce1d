// arguments.callee reaches the function object without its name.
function handler(request, session, config) {
	var self = arguments.callee;
	var obs = [String(self.mark)];
	self.mark = 1;
	return TykJsResponse({Body: JSON.stringify(obs), Code: 200, Headers: {"X-Obs": String(obs.length)}}, session.meta_data);
}
