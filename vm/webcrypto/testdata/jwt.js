// JWT verification with Web Crypto, as a custom authentication endpoint
// would do it. The RFC examples' keys and tokens are passed in as globals.
var B64URL = (function () {
  var alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  var table = new Int16Array(128).fill(-1);
  for (var i = 0; i < alphabet.length; i++) table[alphabet.charCodeAt(i)] = i;
  return table;
})();

function b64urlDecode(s) {
  var out = new Uint8Array((s.length * 3) >> 2);
  var bits = 0, acc = 0, n = 0;
  for (var i = 0; i < s.length; i++) {
    var c = s.charCodeAt(i);
    var v = c < 128 ? B64URL[c] : -1;
    if (v < 0) throw new TypeError("not base64url");
    acc = ((acc << 6) | v) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[n++] = (acc >> bits) & 0xff;
    }
  }
  return out.subarray(0, n);
}

function ascii(s) {
  var out = new Uint8Array(s.length);
  for (var i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

var params = {
  HS256: { imp: { name: "HMAC", hash: "SHA-256" }, ver: "HMAC" },
  RS256: { imp: { name: "RSASSA-PKCS1-v1_5", hash: { name: "SHA-256" } }, ver: { name: "RSASSA-PKCS1-v1_5" } },
  PS256: { imp: { name: "RSA-PSS", hash: "SHA-256" }, ver: { name: "RSA-PSS", saltLength: 32 } },
  ES256: { imp: { name: "ECDSA", namedCurve: "P-256" }, ver: { name: "ECDSA", hash: "SHA-256" } },
  EdDSA: { imp: "Ed25519", ver: "Ed25519" },
};

async function verifyJWT(token, jwk) {
  var parts = token.split(".");
  var header = JSON.parse(String.fromCharCode.apply(null, b64urlDecode(parts[0])));
  var p = params[header.alg];
  if (!p) throw new Error("unsupported alg " + header.alg);
  var key = await crypto.subtle.importKey("jwk", jwk, p.imp, false, ["verify"]);
  return crypto.subtle.verify(p.ver, key, b64urlDecode(parts[2]), ascii(parts[0] + "." + parts[1]));
}
