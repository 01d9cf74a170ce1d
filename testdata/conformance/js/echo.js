// echo answers with the request fields the virtual endpoint received, as
// JSON. The same source is used inline by the classic and OAS fixture APIs.
function echo(request, session, config) {
  return TykJsResponse({
    Body: JSON.stringify({
      url: request.URL,
      headers: request.Headers,
      params: request.Params,
      body: request.Body,
      scheme: request.Scheme,
      api_id: config.APIID,
      org_id: config.OrgID,
      session_meta: session.meta_data
    }),
    Code: 200,
    Headers: {"Content-Type": "application/json"}
  }, session.meta_data);
}
