// A Workers-style handler's use of env.KV: every method returns a Promise.
async function run(KV) {
  var out = [];
  out.push(String(await KV.get("greeting")));
  await KV.put("greeting", "hello", { expirationTtl: 120 });
  out.push(await KV.get("greeting"));
  out.push(TykStorageGet("greeting")); // the same keys as TykStorage*
  await KV.put("config", JSON.stringify({ feature: true }));
  out.push((await KV.get("config", "json")).feature);
  out.push((await KV.get("config", { type: "json" })).feature);
  for (var i = 1; i <= 3; i++) await KV.put("user:" + i, "u" + i);
  var page = await KV.list({ prefix: "user:", limit: 2 });
  out.push(page.keys.map(function (k) { return k.name; }).join(" ") + " complete=" + page.list_complete);
  page = await KV.list({ prefix: "user:", cursor: page.cursor });
  out.push(page.keys.map(function (k) { return k.name; }).join(" ") + " complete=" + page.list_complete);
  await KV.delete("greeting");
  out.push(String(await KV.get("greeting")));
  var ttl = TykStorageTTL("config");
  out.push(ttl);
  for (const bad of [
    () => KV.put("k", { not: "a string" }),
    () => KV.put("k", "v", { expirationTtl: 0 }),
    () => KV.put("k", "v", { metadata: {} }),
    () => KV.get(undefined),
    () => KV.get("k", "arrayBuffer"),
    () => KV.list({ limit: 5000 }),
    () => KV.put("x".repeat(300), "v"),
  ]) {
    try {
      await bad();
      out.push("resolved");
    } catch (e) {
      out.push(e.name);
    }
  }
  try {
    await KV.put("broken", "{not json");
    await KV.get("broken", "json");
  } catch (e) {
    out.push(e.name);
  }
  return out.join("|");
}
