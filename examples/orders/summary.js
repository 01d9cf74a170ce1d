// summary answers an order's item count and total from the orders service.
function summary(request, session, config) {
  var id = request.URL.split("?")[0].split("/").pop();
  var raw = TykMakeHttpRequest(JSON.stringify({
    Method: "GET",
    Domain: config.config_data.upstream,
    Resource: "/orders/" + id,
    Headers: {"Authorization": "Bearer secret-token"}
  }));
  if (!raw) {
    return TykJsResponse({Body: JSON.stringify({error: "orders service unavailable"}), Code: 502}, null);
  }
  var res = JSON.parse(raw);
  if (res.Code !== 200) {
    return TykJsResponse({Body: JSON.stringify({error: "no such order"}), Code: 404}, null);
  }
  var order = JSON.parse(res.Body);
  var total = order.items.reduce(function (sum, it) { return sum + it.price * it.qty; }, 0);
  return TykJsResponse({
    Body: JSON.stringify({id: order.id, items: order.items.length, total: total}),
    Code: 200,
    Headers: {"Content-Type": "application/json"}
  }, null);
}
