// A package that requires by a computed name (esbuild: __require).
import load from "dyn-pkg";

export function handler(request: any, session: any, config: any) {
  return TykJsResponse({ Body: String(load("mod-" + request.Body)), Code: 200 }, {});
}

declare function TykJsResponse(r: unknown, m: unknown): unknown;
