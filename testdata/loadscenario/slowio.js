// /slowio: an aggregation endpoint whose upstream is slow. The load scenario
// points config_data.slow_upstream at a loopback server that answers after a
// fixed delay (1 s by default), so each call waits on I/O, not on the CPU.
function slowio(request, session, config) {
  var r = JSON.parse(TykMakeHttpRequest(JSON.stringify({
    Method: "GET",
    Domain: config.config_data.slow_upstream,
    Resource: "/slow"
  })));
  return TykJsResponse({
    Body: JSON.stringify({upstream_code: r.Code, upstream_body: r.Body}),
    Code: r.Code === 200 ? 200 : 502,
    Headers: {"Content-Type": "application/json"}
  }, session.meta_data);
}
