// A middleware written the way Tyk's documentation writes them, run as a
// virtual endpoint so the test can see what DoProcessRequest returns.
var testMW = new TykJS.TykMiddleware.NewMiddleware({});

testMW.NewProcessRequest(function (request, session, config) {
	request.Body = request.Body + " world";
	request.SetHeaders = {"X-Seen": "1"};
	return testMW.ReturnData(request, {seen: session.meta_data.a, api: config.APIID});
});

function runMiddleware(request, session, config) {
	var out = testMW.DoProcessRequest({Body: b64enc("hello"), Headers: {"A": ["1"]}, SetHeaders: {}}, session, config);
	return TykJsResponse({Body: out, Code: 200}, null);
}
