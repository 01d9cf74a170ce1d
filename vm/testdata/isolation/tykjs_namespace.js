// The TykJS namespace and a middleware prototype changed by a call.
var mw = new TykJS.TykMiddleware.NewMiddleware({});
function handler(request, session, config) {
	var obs = [typeof TykJS.extra, typeof mw.ReturnData.extra];
	TykJS.extra = 1;
	mw.ReturnData.extra = 1;
	return TykJsResponse({Body: JSON.stringify(obs), Code: 200, Headers: {"X-Obs": String(obs.length)}}, session.meta_data);
}
