// whoami authenticates the caller with an RS256 JWT from the Authorization
// header, verified with Web Crypto against the issuer's public JWK in
// config_data, and answers the token's subject and scope (401 otherwise).
function base64urlBytes(text) {
  var binary = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
  var bytes = new Uint8Array(binary.length);
  for (var i = 0; i < binary.length; i++) {
    bytes[i] = binary.charCodeAt(i);
  }
  return bytes;
}

function base64urlJSON(text) {
  return JSON.parse(new TextDecoder().decode(base64urlBytes(text)));
}

function reply(code, body, headers) {
  var h = {"Content-Type": "application/json"};
  Object.keys(headers || {}).forEach(function (k) { h[k] = headers[k]; });
  return TykJsResponse({Code: code, Body: JSON.stringify(body), Headers: h}, null);
}

function deny(reason) {
  return reply(401, {error: reason}, {"WWW-Authenticate": "Bearer"});
}

async function whoami(request, session, config) {
  var match = /^Bearer ([\w-]+)\.([\w-]+)\.([\w-]+)$/.exec((request.Headers["Authorization"] || [""])[0]);
  if (!match) {
    return deny("missing or malformed bearer token");
  }
  var jwk = config.config_data.jwk;
  var header, claims;
  try {
    header = base64urlJSON(match[1]);
    claims = base64urlJSON(match[2]);
  } catch (e) {
    return deny("malformed token");
  }
  if (header.alg !== "RS256" || header.kid !== jwk.kid) {
    return deny("unexpected key or algorithm");
  }
  var algorithm = {name: "RSASSA-PKCS1-v1_5", hash: "SHA-256"};
  var key = await crypto.subtle.importKey("jwk", jwk, algorithm, false, ["verify"]);
  var signed = new TextEncoder().encode(match[1] + "." + match[2]);
  if (!(await crypto.subtle.verify(algorithm, key, base64urlBytes(match[3]), signed))) {
    return deny("bad signature");
  }
  if (typeof claims.exp !== "number" || claims.exp * 1000 < Date.now()) {
    return deny("token expired");
  }
  if (claims.iss !== config.config_data.issuer || claims.aud !== config.config_data.audience) {
    return deny("wrong issuer or audience");
  }
  return reply(200, {sub: claims.sub, scope: claims.scope});
}
