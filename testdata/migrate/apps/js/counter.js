// Module-level state. Tyk copies the loaded VM for every request, so each
// request starts from hits.n = 0; with tyk_ve.state "shared" it persists.
var hits = {n: 0};
function counter(request, session, config) {
  hits.n++;
  return TykJsResponse({Body: "hit " + hits.n, Code: 200}, session.meta_data);
}
