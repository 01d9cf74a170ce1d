// Functions of the ve-request, ve-config-* and ve-oas-config* APIs: they
// answer with the objects a virtual endpoint receives (contract §1.6), as
// JSON, so cases can compare them field by field.

// dumpRequest answers with the request object, its sorted field names and
// whether Headers has a Host entry.
function dumpRequest(request, session, config) {
  return TykJsResponse({
    Body: JSON.stringify({
      keys: Object.keys(request).sort(),
      has_host: Object.prototype.hasOwnProperty.call(request.Headers, "Host"),
      request: request
    }),
    Code: 200,
    Headers: {"Content-Type": "application/json"}
  }, session.meta_data);
}

// dumpConfig answers with the config object and its field names in order.
function dumpConfig(request, session, config) {
  return TykJsResponse({
    Body: JSON.stringify({
      keys: Object.keys(config),
      has_config_data: Object.prototype.hasOwnProperty.call(config, "config_data"),
      config: config
    }),
    Code: 200,
    Headers: {"Content-Type": "application/json"}
  }, session.meta_data);
}

// dumpSession answers with the session object as received.
function dumpSession(request, session, config) {
  return TykJsResponse({
    Body: JSON.stringify(session),
    Code: 200,
    Headers: {"Content-Type": "application/json"}
  }, session.meta_data);
}

// sessionMeta reads session.meta_data, which throws a TypeError when the
// session is null (use_session on a keyless API).
function sessionMeta(request, session, config) {
  return TykJsResponse({
    Body: JSON.stringify({meta: session.meta_data}),
    Code: 200,
    Headers: {"Content-Type": "application/json"}
  }, session.meta_data);
}

// mutateArgs answers with what it received, then changes its config and
// session objects in place (members set, added and deleted, a prototype
// replaced). Tyk builds them afresh for every request, so the next request
// must see the originals again.
function mutateArgs(request, session, config) {
  var seen = {
    config: config,
    session_marker: session.tyk_ve_marker === undefined ? null : session.tyk_ve_marker,
    inherited: config.config_data.inherited === undefined ? null : config.config_data.inherited
  };
  var body = JSON.stringify(seen);
  config.config_data.greeting = "changed";
  config.config_data.added = {x: 1};
  delete config.config_data.nested;
  config.APIID = "changed";
  Object.setPrototypeOf(config.config_data, {inherited: "from a replaced prototype"});
  session.tyk_ve_marker = "left by an earlier request";
  return TykJsResponse({Body: body, Code: 200, Headers: {"Content-Type": "application/json"}}, session.meta_data);
}
