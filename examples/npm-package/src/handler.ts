// A Tyk-style virtual endpoint written as a TypeScript module: exported
// functions become globals for response_function_name once built.
import { parseDuration } from "./duration";

interface TykRequest {
  Params: Record<string, string[] | undefined>;
}

declare function TykJsResponse(response: { Body: string; Code: number; Headers?: Record<string, string> }, metaData: unknown): unknown;

/** GET /duration?d=2%20days → {"text":"2 days","ms":172800000,"long":"2 days"} */
export function duration(request: TykRequest, session: { meta_data?: unknown }, config: unknown) {
  const text = request.Params.d?.[0] ?? "1m";
  return TykJsResponse(
    { Body: JSON.stringify(parseDuration(text)), Code: 200, Headers: { "Content-Type": "application/json" } },
    session.meta_data,
  );
}
