// An npm-like package (module.exports is a function, like ms) that caches
// in module scope.
import format from "cache-pkg";
import { bump, history } from "mixed-pkg";

export function handler(request: any, session: any, config: any) {
  const first = format("x");
  const second = format(request.Body, { long: true });
  bump(1);
  return TykJsResponse({ Body: [first, second, format.calls(), bump(2), history()].join(" | "), Code: 200 }, {});
}

declare function TykJsResponse(r: unknown, m: unknown): unknown;
