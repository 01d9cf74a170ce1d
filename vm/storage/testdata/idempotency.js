// An idempotency guard in master's style: the first request with a key
// claims it with TykStorageSetNX; repeats get 409.
var CLAIM_TTL_SECONDS = 60;

function handle(idempotencyKey) {
  if (!idempotencyKey) return 400;
  var claimed = TykStorageSetNX("idem:" + idempotencyKey, "1", CLAIM_TTL_SECONDS);
  return claimed ? 200 : 409;
}

function run() {
  return [handle("abc"), handle("abc"), handle("def"), handle(""), typeof TykStorageSetNX("idem:x", "1", 0)].join(",");
}
