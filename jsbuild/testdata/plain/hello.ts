function hello(request: { Body: string }, session: unknown, config: unknown) {
  const name: string = "tyk";
  return TykJsResponse({ Body: `hello ${name}`, Code: 200 }, {});
}
declare function TykJsResponse(r: unknown, m: unknown): unknown;
