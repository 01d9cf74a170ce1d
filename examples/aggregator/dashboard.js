// dashboard answers one user's profile, orders and recommendations,
// fetched from three services at once. A service that fails or is slow
// (over 800 ms) leaves its part null and is named in "errors"; only when
// all three fail is the answer a 502.
async function dashboard(request, session, config) {
  var id = encodeURIComponent(request.URL.split("?")[0].split("/").pop());
  var services = config.config_data.services;
  var names = ["profile", "orders", "recommendations"];
  var results = await Promise.allSettled(names.map(function (name) {
    return fetch(services[name] + id, {signal: AbortSignal.timeout(800)}).then(function (res) {
      if (!res.ok) {
        throw new Error(name + " answered " + res.status);
      }
      return res.json();
    });
  }));
  var body = {user: decodeURIComponent(id), errors: []};
  results.forEach(function (result, i) {
    if (result.status === "fulfilled") {
      body[names[i]] = result.value;
    } else {
      body[names[i]] = null;
      body.errors.push(result.reason && result.reason.message ? result.reason.message : String(result.reason));
    }
  });
  return TykJsResponse({
    Code: body.errors.length === names.length ? 502 : 200,
    Body: JSON.stringify(body),
    Headers: {"Content-Type": "application/json"}
  }, null);
}
