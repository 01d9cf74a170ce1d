// Functions of the ve-return API: each returns one shape of value, to pin
// how the gateway decodes it (contract §1.7) and writes it (§1.8).

function fullResponse(request, session, config) {
  return TykJsResponse({
    Body: "created",
    Code: 201,
    Headers: {"Content-Type": "text/plain", "X-A": "1"}
  }, session.meta_data);
}

// lowerCaseKeys builds the JSON string itself, with the documented
// lower-case keys; encoding/json matches keys case-insensitively.
function lowerCaseKeys(request, session, config) {
  return JSON.stringify({Response: {body: "lower-case keys", code: 202, headers: {"X-Lower": "yes"}}});
}

function numericHeader(request, session, config) {
  return TykJsResponse({Body: "x", Code: 200, Headers: {"X-Num": 5}}, session.meta_data);
}

function codeZero(request, session, config) {
  return TykJsResponse({Body: "x", Code: 0, Headers: {}}, session.meta_data);
}

function codeMissing(request, session, config) {
  return TykJsResponse({Body: "x", Headers: {}}, session.meta_data);
}

function returnsUndefined(request, session, config) {
  TykJsResponse({Body: "x", Code: 200}, session.meta_data);
}

function returnsNull(request, session, config) {
  return null;
}

function bodyObject(request, session, config) {
  return TykJsResponse({Body: {a: 1}, Code: 200, Headers: {}}, session.meta_data);
}

// plainObject forgets JSON.stringify: the value's string is "[object Object]".
function plainObject(request, session, config) {
  return {Response: {Body: "x", Code: 200, Headers: {}}};
}

function stringCode(request, session, config) {
  return TykJsResponse({Body: "x", Code: "200", Headers: {}}, session.meta_data);
}

function lowerCaseHeaders(request, session, config) {
  return TykJsResponse({Body: "canon", Code: 200, Headers: {"x-custom": "v", "content-type": "text/plain"}}, session.meta_data);
}

function serverHeader(request, session, config) {
  return TykJsResponse({Body: "server", Code: 200, Headers: {"Server": "not-tyk", "Content-Type": "text/plain"}}, session.meta_data);
}

function dateHeader(request, session, config) {
  return TykJsResponse({Body: "date", Code: 200, Headers: {"Date": "yesterday", "Content-Type": "text/plain"}}, session.meta_data);
}

// nonASCIIBody is 10 bytes of UTF-8 in 7 characters.
function nonASCIIBody(request, session, config) {
  return TykJsResponse({Body: "h\u00e9llo \u2713", Code: 200, Headers: {"Content-Type": "text/plain; charset=utf-8"}}, session.meta_data);
}

function noContentType(request, session, config) {
  return TykJsResponse({Body: "{\"a\":1}", Code: 200, Headers: {}}, session.meta_data);
}

function teapot(request, session, config) {
  return TykJsResponse({Body: "I'm a teapot", Code: 418, Headers: {"Content-Type": "text/plain"}}, session.meta_data);
}

function unavailable(request, session, config) {
  return TykJsResponse({Body: "{\"custom\":true}", Code: 503, Headers: {"Content-Type": "application/json", "Retry-After": "7"}}, session.meta_data);
}

// sessionMetaString returns a string where SessionMeta must be an object.
function sessionMetaString(request, session, config) {
  return TykJsResponse({Body: "x", Code: 200, Headers: {}}, "not an object");
}

// headerArray tries to send two values for one header.
function headerArray(request, session, config) {
  return TykJsResponse({Body: "x", Code: 200, Headers: {"Set-Cookie": ["a=1", "b=2"]}}, session.meta_data);
}
