// Own keys of the request, session and config objects, some named like
// prototype properties (constructor, __proto__, toString), written through.
function handler(request, session, config) {
	var obs = [typeof Object.hostLeak, typeof ({}).hostLeak2];
	var params = request.Params, meta = session.meta_data, data = config.config_data, headers = request.Headers;
	for (var k in params) { obs.push(k, typeof params[k]); params[k].hostLeak = 1 }
	for (const h in headers) { obs.push(h); headers[h].hostLeak = 1 }
	Object.keys(meta).forEach(function (m) { obs.push(m, typeof meta[m]); if (meta[m] && typeof meta[m] === "object") meta[m].hostLeak = 1 });
	for (const d of Object.keys(data)) { obs.push(d); if (data[d] && typeof data[d] === "object") data[d].hostLeak2 = 1 }
	return TykJsResponse({Body: JSON.stringify(obs), Code: 200}, session.meta_data);
}
