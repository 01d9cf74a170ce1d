function hello(request, session, config) {
  return TykJsResponse({Body: JSON.stringify({hello: "world"}), Code: 200, Headers: {"Content-Type": "application/json"}}, session.meta_data);
}
