// The benchmark's CommonJS import (BenchmarkIsolationBundle): an npm-like
// package that memoises in module scope, called with the same argument.
import format from "cache-pkg";

export function handler(request: any, session: any, config: any) {
  return TykJsResponse({ Body: format(String(request.Body)), Code: 200 }, {});
}

declare function TykJsResponse(r: unknown, m: unknown): unknown;
