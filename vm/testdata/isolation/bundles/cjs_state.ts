// A CommonJS import whose module-level state is mutated on every call.
import counter from "counter-pkg";
import { hit } from "counter-pkg";
import * as ns from "counter-pkg";

export function handler(request: any, session: any, config: any) {
  const a = hit(String(request.Body));
  const b = counter.hit("all");
  counter.tags.push(request.URL);
  ns.default.state.extra = (ns.default.state.extra || 0) + 1;
  return TykJsResponse({ Body: [a, b, counter.total(), counter.tags.length, ns.default.state.extra].join(" "), Code: 200 }, {});
}

declare function TykJsResponse(r: unknown, m: unknown): unknown;
