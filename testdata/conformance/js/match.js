// Functions of the ve-match API: each answers with its own name, so a
// case can tell which endpoint matched (contract §1.5).

function named(name) {
  return TykJsResponse({Body: name, Code: 200, Headers: {"Content-Type": "text/plain"}}, {});
}
function epUser(request, session, config) { return named("epUser"); }
function epFiles(request, session, config) { return named("epFiles"); }
function epOverlapFirst(request, session, config) { return named("epOverlapFirst"); }
function epOverlapSecond(request, session, config) { return named("epOverlapSecond"); }
function epEcho(request, session, config) { return named("epEcho"); }
function epDisabled(request, session, config) { return named("epDisabled"); }
function epRawPath(request, session, config) { return named("epRawPath"); }
function epRegex(request, session, config) { return named("epRegex"); }
