// A middleware written as Tyk's documentation writes them.
var testMW = new TykJS.TykMiddleware.NewMiddleware({});
var seen = 0;
testMW.NewProcessRequest(function (request, session, config) {
	seen++;
	request.Body = request.Body + " world";
	return testMW.ReturnData(request, {seen: seen});
});
function handler(request, session, config) {
	var out = testMW.DoProcessRequest({Body: b64enc(request.Body), Headers: {}, SetHeaders: {}}, session, config);
	var obs = [out, seen];
	return TykJsResponse({Body: JSON.stringify(obs), Code: 200, Headers: {"X-Obs": String(obs.length)}}, session.meta_data);
}
