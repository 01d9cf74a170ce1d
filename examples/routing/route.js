// route sends GET /shop/items to the region the client asks for (the
// X-Region header, else the default), through a tyk:// loop back into this
// API: /shop/<region>/catalog is no endpoint (an endpoint path is an
// unanchored pattern: a loop target containing "/items" would match this
// endpoint again), so the gateway proxies it to
// the upstream, keeping the query the loop URL carries.
function route(request, session, config) {
  var asked = ((request.Headers["X-Region"] || [""])[0] || "").toLowerCase();
  var region = config.config_data.regions[asked] === true ? asked : config.config_data.default_region;
  var query = request.URL.indexOf("?") >= 0 ? request.URL.slice(request.URL.indexOf("?")) : "";
  return TykJsResponse({
    Code: 302,
    Headers: {"Location": "tyk://self/shop/" + region + "/catalog" + query}
  }, null);
}
