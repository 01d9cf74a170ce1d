// A representative virtual endpoint: parse a JSON body, read a header, a
// query parameter and config_data, build a ~10-field object with a 10-item
// array and answer with TykJsResponse.
function representative(request, session, config) {
  var body = JSON.parse(request.Body);
  var items = [];
  for (var i = 0; i < 10; i++) {
    items.push({id: i, sku: body.prefix + "-" + i, qty: body.qty * i});
  }
  var out = {
    order: body.order,
    customer: body.customer,
    trace: request.Headers["X-Trace-Id"][0],
    region: request.Params["region"][0],
    currency: config.config_data.currency,
    api: config.APIID,
    org: config.OrgID,
    total: body.qty * 45,
    express: body.express === true,
    items: items
  };
  return TykJsResponse({
    Body: JSON.stringify(out),
    Code: 200,
    Headers: {"Content-Type": "application/json", "X-Region": out.region}
  }, session.meta_data);
}
