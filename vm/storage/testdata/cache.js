// A read-through cache in master's style: Get answers null when missing,
// Set takes seconds (0: no expiry), TTL answers -1 without expiry and -2
// when missing, Del removes.
function run() {
  var out = [];
  out.push(String(TykStorageGet("profile:7")));
  TykStorageSet("profile:7", JSON.stringify({ name: "Ada", plan: "pro" }), 300);
  var p = JSON.parse(TykStorageGet("profile:7"));
  out.push(p.name + "/" + p.plan);
  var ttl = TykStorageTTL("profile:7");
  out.push(ttl > 290 && ttl <= 300 ? "ttl-ok" : "ttl=" + ttl);
  TykStorageSet("forever", "x", 0);
  out.push(TykStorageTTL("forever"));
  out.push(TykStorageTTL("never-set"));
  TykStorageDel("profile:7");
  out.push(TykStorageGet("profile:7") === null ? "deleted" : "still-there");
  TykStorageSet("n", 41);
  out.push(TykStorageIncr("n"));
  out.push(TykStorageGet("n"));
  try {
    TykStorageIncr("forever");
    out.push("no-error");
  } catch (e) {
    out.push(e instanceof Error ? "error:" + e.message : "not-an-error");
  }
  return out.join("|");
}
