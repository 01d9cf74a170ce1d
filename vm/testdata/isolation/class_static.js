// Class static fields and static blocks.
class Counter {
	static n = 0;
	static #secret = 0;
	static { Counter.ready = true }
	static inc() { Counter.#secret++; return ++Counter.n + Counter.#secret }
}
function handler(request, session, config) {
	var obs = [Counter.inc(), Counter.ready];
	Counter.ready = false;
	return TykJsResponse({Body: JSON.stringify(obs), Code: 200, Headers: {"X-Obs": String(obs.length)}}, session.meta_data);
}
