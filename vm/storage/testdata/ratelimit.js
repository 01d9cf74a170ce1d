// A fixed-window rate limit in master's style: one atomic TykStorageIncr per
// request, the counter bucketed by window so each window starts from zero.
var LIMIT = 3;
var WINDOW_SECONDS = 60;

function allow(caller, window) {
  var key = "ratelimit:" + caller + ":" + window;
  var count = parseInt(TykStorageIncr(key, WINDOW_SECONDS), 10);
  return count <= LIMIT;
}

function run() {
  var out = [];
  for (var i = 0; i < 5; i++) out.push(allow("alice", 7) ? "ok" : "429");
  out.push(allow("bob", 7) ? "ok" : "429");
  out.push(allow("alice", 8) ? "ok" : "429");
  var ttl = TykStorageTTL("ratelimit:alice:7");
  out.push(ttl > 0 && ttl <= WINDOW_SECONDS ? "ttl-set" : "ttl=" + ttl);
  out.push(typeof TykStorageIncr("ratelimit:alice:7", WINDOW_SECONDS));
  return out.join(",");
}
