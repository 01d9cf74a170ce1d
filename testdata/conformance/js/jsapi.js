// Functions of the ve-jsapi API: they exercise the JSVM globals (contract
// §2) and answer with what they observed, as JSON. The upstream URL comes
// from config.config_data.upstream (the API substitutes ${UPSTREAM}).

function answer(obj) {
  return TykJsResponse({Body: JSON.stringify(obj), Code: 200, Headers: {"Content-Type": "application/json"}}, {});
}

// Every function below passes {} as SessionMeta; the API is keyless and
// use_session is off, so nothing is written back.

function base64RoundTrips(request, session, config) {
  var text = "h\u00e9llo \u2713 \u65e5\u672c";
  return answer({
    b64enc_ascii: b64enc("hello"),
    b64enc: b64enc(text),
    b64dec: b64dec("aMOpbGxvIOKckyDml6XmnKw="),
    b64dec_unpadded: b64dec("aMOpbGxvIOKckyDml6XmnKw"),
    b64_round_trip: b64dec(b64enc(text)) === text,
    rawb64enc: rawb64enc(text),
    rawb64dec: rawb64dec("aMOpbGxvIOKckyDml6XmnKw"),
    rawb64_round_trip: rawb64dec(rawb64enc(text)) === text
  });
}

function base64Invalid(request, session, config) {
  return answer({
    b64dec: typeof b64dec("!!not base64!!"),
    rawb64dec: typeof rawb64dec("!!not base64!!"),
    rawb64dec_padded: typeof rawb64dec("aGVsbG8=")
  });
}

function logging(request, session, config) {
  return answer({
    log: typeof log("conformance: log from a virtual endpoint"),
    rawlog: typeof rawlog("conformance: rawlog from a virtual endpoint")
  });
}

function httpGet(request, session, config) {
  var raw = TykMakeHttpRequest(JSON.stringify({
    Method: "GET",
    Domain: config.config_data.upstream,
    Resource: "/get?q=1&q=2",
    Headers: {"X-Out": "out"}
  }));
  var r = JSON.parse(raw);
  var echo = JSON.parse(r.Body);
  return answer({
    type: typeof raw,
    code: r.Code,
    content_type: r.Headers["Content-Type"],
    method: echo.method,
    path: echo.path,
    query: echo.query,
    x_out: echo.headers["X-Out"],
    body: echo.body
  });
}

function httpPost(request, session, config) {
  var r = JSON.parse(TykMakeHttpRequest(JSON.stringify({
    Method: "POST",
    Domain: config.config_data.upstream,
    Resource: "/post",
    Headers: {"Content-Type": "text/plain; charset=utf-8"},
    Body: "payload \u2713"
  })));
  var echo = JSON.parse(r.Body);
  return answer({
    code: r.Code,
    method: echo.method,
    path: echo.path,
    content_type: echo.headers["Content-Type"],
    body: echo.body
  });
}

function httpForm(request, session, config) {
  var r = JSON.parse(TykMakeHttpRequest(JSON.stringify({
    Method: "POST",
    Domain: config.config_data.upstream,
    Resource: "/form",
    FormData: {b: "x y", a: "1"}
  })));
  var echo = JSON.parse(r.Body);
  return answer({
    code: r.Code,
    method: echo.method,
    body: echo.body,
    content_type: echo.headers["Content-Type"] || null
  });
}

function httpShape(request, session, config) {
  var r = JSON.parse(TykMakeHttpRequest(JSON.stringify({
    Method: "GET",
    Domain: config.config_data.upstream,
    Resource: "/shape"
  })));
  return answer({
    keys: Object.keys(r).sort(),
    same_code: r.Code === r.code,
    same_body: r.Body === r.body,
    same_headers: JSON.stringify(r.Headers) === JSON.stringify(r.headers),
    upstream_header: r.Headers["X-Upstream"]
  });
}

function httpBadURL(request, session, config) {
  return answer({
    not_a_url: typeof TykMakeHttpRequest(JSON.stringify({Method: "GET", Domain: "not a url", Resource: ""})),
    refused: typeof TykMakeHttpRequest(JSON.stringify({Method: "GET", Domain: "http://127.0.0.1:1", Resource: "/x"})),
    not_json: typeof TykMakeHttpRequest("{not json")
  });
}

// batchSummary reduces a TykBatchRequest reply to comparable entries.
function batchSummary(reply, upstream) {
  return reply.map(function (e) {
    var echo = JSON.parse(e.body);
    return {
      keys: Object.keys(e).sort(),
      relative_url: e.relative_url.replace(upstream, "<UPSTREAM>"),
      code: e.code,
      content_type: e.headers["Content-Type"],
      method: echo.method,
      path: echo.path,
      body: echo.body,
      x_b: echo.headers["X-B"] || null
    };
  });
}

function batchRequests(upstream, sequential) {
  return {
    requests: [
      {method: "GET", relative_url: upstream + "/one?a=1", headers: {"X-B": "b"}, body: ""},
      {method: "POST", relative_url: upstream + "/two", headers: {}, body: "second"}
    ],
    suppress_parallel_execution: sequential
  };
}

function batchParallel(request, session, config) {
  var up = config.config_data.upstream;
  var raw = TykBatchRequest(JSON.stringify(batchRequests(up, false)));
  var out = batchSummary(JSON.parse(raw), up);
  // Parallel replies come in completion order: sort before comparing.
  out.sort(function (a, b) { return a.relative_url < b.relative_url ? -1 : 1; });
  return answer({type: typeof raw, replies: out});
}

function batchSequential(request, session, config) {
  var up = config.config_data.upstream;
  return answer({replies: batchSummary(JSON.parse(TykBatchRequest(JSON.stringify(batchRequests(up, true)))), up)});
}

function tykJSNamespace(request, session, config) {
  return answer({
    TykJS: typeof TykJS,
    TykMiddleware: typeof TykJS.TykMiddleware,
    NewMiddleware: typeof TykJS.TykMiddleware.NewMiddleware
  });
}
