// hello answers with a fixed text body; it is loaded from a file
// (function_source_type "file") by the classic-inline API.
function hello(request, session, config) {
  return TykJsResponse({
    Body: "hello from file",
    Code: 200,
    Headers: {"Content-Type": "text/plain; charset=utf-8"}
  }, session.meta_data);
}
