import greet, { shout } from "tiny-greet";

export function hello(request, session, config) {
  return TykJsResponse({ Body: shout(greet(request.Params.name ? request.Params.name[0] : "world")), Code: 200 }, {});
}
