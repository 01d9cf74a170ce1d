// export * from a CommonJS package, through a module imported as a namespace.
import * as all from "./lib/all";

export function handler(request: any, session: any, config: any) {
  all.local.n++;
  const h = (all as any).hit("r");
  return TykJsResponse({ Body: [all.local.n, h, Object.keys(all).sort().join(",")].join(" "), Code: 200 }, {});
}

declare function TykJsResponse(r: unknown, m: unknown): unknown;
