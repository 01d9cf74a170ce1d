// Functions of the ve-errors API: failures of several kinds (contract
// §1.11, §1.13) and one healthy endpoint.

function spin(request, session, config) {
  while (true) {}
}

function healthy(request, session, config) {
  return TykJsResponse({Body: "still healthy", Code: 200, Headers: {"Content-Type": "text/plain"}}, {});
}

function callsUndefined(request, session, config) {
  return notDefinedAnywhere(request);
}

function fails(request, session, config) {
  throw new Error("deliberate failure");
}
