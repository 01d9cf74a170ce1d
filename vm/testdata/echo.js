function echo(request, session, config) {
  return TykJsResponse({Body: request.URL, Code: 200}, session.meta_data);
}
