// Top-level state mutated by a call: under Tyk (otto VM.Copy, goja fresh
// runtime per request) no call sees another call's changes.

var counter = 0;
var seen = [];

function countCalls(request, session, config) {
  counter++;
  seen.push(counter);
  leaked = (typeof leaked === "undefined") ? 1 : leaked + 1; // implicit global
  return TykJsResponse({
    Body: JSON.stringify({counter: counter, seen: seen, leaked: leaked}),
    Code: 200,
    Headers: {"Content-Type": "application/json"}
  }, session.meta_data);
}
