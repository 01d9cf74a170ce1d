// Functions of the ve-session API (a keyed API): they read the key's
// session (use_session) and return chosen SessionMeta values (contract
// §1.6 session, §1.9 write-back).

function jsonResponse(obj) {
  return {Body: JSON.stringify(obj), Code: 200, Headers: {"Content-Type": "application/json"}};
}

// sessionFields answers with fields of the key's session and returns the
// meta_data unchanged.
function sessionFields(request, session, config) {
  return TykJsResponse(jsonResponse({
    alias: session.alias,
    org_id: session.org_id,
    quota_max: session.quota_max,
    quota_remaining: session.quota_remaining,
    tags: session.tags,
    meta_data: session.meta_data,
    access_rights_ids: Object.keys(session.access_rights),
    access_right_api_name: session.access_rights["ve-session"].api_name,
    access_right_versions: session.access_rights["ve-session"].versions,
    has_key_id: Object.prototype.hasOwnProperty.call(session, "KeyID") ||
      Object.prototype.hasOwnProperty.call(session, "key_id"),
    keys: Object.keys(session).sort()
  }), session.meta_data);
}

// metaReplace returns a SessionMeta that lacks the key's existing entries.
function metaReplace(request, session, config) {
  return TykJsResponse(jsonResponse({before: session.meta_data}), {visits: 1});
}

// metaOmitted returns no SessionMeta at all.
function metaOmitted(request, session, config) {
  return TykJsResponse(jsonResponse({before: session.meta_data}));
}

// metaEmptyObject returns {} as SessionMeta.
function metaEmptyObject(request, session, config) {
  return TykJsResponse(jsonResponse({before: session.meta_data}), {});
}

// metaCount increments meta_data.visits, keeping the other entries.
function metaCount(request, session, config) {
  var meta = session.meta_data || {};
  var next = {};
  for (var k in meta) { next[k] = meta[k]; }
  next.visits = (meta.visits || 0) + 1;
  return TykJsResponse(jsonResponse({visits: next.visits}), next);
}

// quotaOK answers with a fixed body; the rate limit headers are the point.
function quotaOK(request, session, config) {
  return TykJsResponse({Body: "ok", Code: 200, Headers: {"Content-Type": "text/plain"}}, session.meta_data);
}
