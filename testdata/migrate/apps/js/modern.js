// ES2015: otto cannot parse this file, so Tyk never defines modern().
const greet = (name) => `hello ${name}`;
function modern(request, session, config) {
  return TykJsResponse({Body: greet("modern"), Code: 200}, session.meta_data);
}
