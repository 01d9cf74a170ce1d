// A proxy's ownKeys trap lists "constructor"; without a get trap the read
// goes to the prototype chain: for-in over the proxy reaches Object.
function handler(request, session, config) {
	var p = new Proxy({}, {
		ownKeys: function () { return ["constructor"] },
		getOwnPropertyDescriptor: function () { return {enumerable: true, configurable: true, value: 1} }
	});
	var obs = [];
	for (var k in p) {
		obs.push(k, typeof p[k].proxyLeak);
		p[k].proxyLeak = 1;
	}
	return TykJsResponse({Body: JSON.stringify(obs), Code: 200}, session.meta_data);
}
