// hello is the smallest virtual endpoint: it answers {"hello": "world"}.
// ES5 only, so it also runs on the gateway's own otto engine.
function hello(request, session, config) {
  return TykJsResponse({
    Body: JSON.stringify({hello: "world"}),
    Code: 200,
    Headers: {"Content-Type": "application/json"}
  }, session.meta_data);
}
