// payments accepts a payment provider's webhook only if its
// X-Signature-256 header ("sha256=" and the hex HMAC-SHA256 of the raw
// body under the shared secret in config_data) verifies, comparing in
// constant time with crypto.subtle.verify.
function hexBytes(hex) {
  var bytes = new Uint8Array(hex.length / 2);
  for (var i = 0; i < bytes.length; i++) {
    bytes[i] = parseInt(hex.substr(i * 2, 2), 16);
  }
  return bytes;
}

function reply(code, body) {
  return TykJsResponse({Code: code, Body: JSON.stringify(body), Headers: {"Content-Type": "application/json"}}, null);
}

async function payments(request, session, config) {
  var match = /^sha256=([0-9a-f]{64})$/.exec((request.Headers["X-Signature-256"] || [""])[0]);
  if (!match) {
    return reply(401, {error: "missing or malformed signature"});
  }
  var encoder = new TextEncoder();
  var key = await crypto.subtle.importKey("raw", encoder.encode(config.config_data.webhook_secret),
    {name: "HMAC", hash: "SHA-256"}, false, ["verify"]);
  if (!(await crypto.subtle.verify("HMAC", key, hexBytes(match[1]), encoder.encode(request.Body)))) {
    return reply(401, {error: "bad signature"});
  }
  var event = JSON.parse(request.Body);
  log("webhook " + event.event + " for " + event.id + " accepted");
  return reply(202, {accepted: event.id});
}
