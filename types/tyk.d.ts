// Type declarations for tyk-ve virtual endpoints: the Tyk JavaScript API
// (the globals Tyk's JSVM gives virtual endpoints, unchanged) as tyk-ve
// serves it. See docs/javascript-api.md for the behaviour behind each one.
//
// Use: reference this folder from your tsconfig.json ("types": [] plus
// "include": ["node_modules/tyk-ve-types", ...]) or copy it next to your
// scripts; `tyk-ve build` compiles TypeScript that uses these globals.

/** The `request` argument of a virtual endpoint: Tyk's RequestObject. */
interface TykRequest {
  /** Request headers by canonical name ("Content-Type"), each a list of values. No Host entry. */
  Headers: Record<string, string[]>;
  /** The raw body as text (not base64); invalid UTF-8 arrives as U+FFFD. */
  Body: string;
  /** Path and query as the client sent them, listen path included: "/listen/path?a=1". */
  URL: string;
  /** Query parameters merged with a urlencoded form body. */
  Params: Record<string, string[]>;
  /** "http" or "https". */
  Scheme: string;
}

/** One API the key may access (session.access_rights[apiId]). */
interface TykAccessDefinition {
  api_name: string;
  api_id: string;
  versions: string[] | null;
  allowed_urls?: { url: string; methods: string[] }[] | null;
  restricted_types?: unknown;
  allowed_types?: unknown;
  limit?: Record<string, unknown> | null;
  field_access_rights?: unknown;
  disable_introspection?: boolean;
  allowance_scope?: string;
  endpoints?: unknown;
  [field: string]: unknown;
}

/**
 * The `session` argument: the key's user.SessionState as JSON. Without
 * use_session it is the gateway's empty session (every field zero up to
 * 5.14, `{}` on master); with use_session on a keyless API it is null.
 */
interface TykSession {
  last_check?: number;
  allowance?: number;
  rate?: number;
  per?: number;
  throttle_interval?: number;
  throttle_retry_limit?: number;
  max_query_depth?: number;
  date_created?: string;
  expires?: number;
  quota_max?: number;
  quota_renews?: number;
  quota_remaining?: number;
  quota_renewal_rate?: number;
  access_rights?: Record<string, TykAccessDefinition> | null;
  org_id?: string;
  oauth_client_id?: string;
  oauth_keys?: Record<string, string> | null;
  certificate?: string;
  basic_auth_data?: { password: string; hash_type: string };
  jwt_data?: { secret: string };
  hmac_enabled?: boolean;
  enable_http_signature_validation?: boolean;
  hmac_string?: string;
  rsa_certificate_id?: string;
  is_inactive?: boolean;
  apply_policy_id?: string;
  apply_policies?: string[] | null;
  data_expires?: number;
  monitor?: { trigger_limits: number[] | null };
  enable_detail_recording?: boolean;
  enable_detailed_recording?: boolean;
  /** Free-form key metadata; the second argument of TykJsResponse writes it back. */
  meta_data?: Record<string, unknown> | null;
  tags?: string[] | null;
  alias?: string;
  last_updated?: string;
  id_extractor_deadline?: number;
  session_lifetime?: number;
  smoothing?: Record<string, unknown> | null;
  [field: string]: unknown;
}

/** The `config` argument: the API's identity and its config_data (without the tyk_ve key). */
interface TykConfig<Data = Record<string, unknown>> {
  APIID: string;
  OrgID: string;
  /** Absent when config_data_disabled is set; null when unset. */
  config_data?: Data | null;
}

/** What a virtual endpoint answers: keys are matched case-insensitively (code, body, headers work too). */
interface TykResponseObject {
  /** The body text. Must be a string. */
  Body?: string;
  /** Header values are single strings. */
  Headers?: Record<string, string>;
  /** The status code, 200–999. 301/302 with Location: tyk://… loops inside the gateway. */
  Code?: number;
}

/** A Tyk-style virtual endpoint function. It may be async or return a Promise (tyk-ve only). */
type TykVirtualEndpoint<Data = Record<string, unknown>> = (
  request: TykRequest,
  session: TykSession | null,
  config: TykConfig<Data>,
) => string | Promise<string>;

/** Builds the return value of a virtual endpoint; session_meta (or null) replaces the key's meta_data. */
declare function TykJsResponse(response: TykResponseObject, session_meta: Record<string, unknown> | null | undefined): string;

/** Logs msg at info level in the gateway log, with the API's fields. */
declare function log(msg: unknown): void;
/** Writes msg plus a newline through the gateway's raw logger. */
declare function rawlog(msg: unknown): void;

/** Standard padded base64 of the UTF-8 bytes of s. */
declare function b64enc(s: string): string;
/** Decodes standard base64 (padded or not); undefined (and a log line) when s is not base64. */
declare function b64dec(s: string): string | undefined;
/** Unpadded base64 of the UTF-8 bytes of s. */
declare function rawb64enc(s: string): string;
/** Decodes unpadded base64; undefined when s is not base64. */
declare function rawb64dec(s: string): string | undefined;

/** The request TykMakeHttpRequest takes, as a JSON string (keys case-insensitive). */
interface TykHttpRequest {
  Method?: string;
  /** Sent when non-empty; otherwise FormData, urlencoded. No Content-Type is set for you. */
  Body?: string;
  Headers?: Record<string, string>;
  /** Scheme and host ("https://api.example.com"); the URL is Domain + Resource. */
  Domain: string;
  /** Path and query. */
  Resource?: string;
  FormData?: Record<string, string>;
}

/** What TykMakeHttpRequest returns, as a JSON string (each field twice, as Tyk does). */
interface TykHttpResponse {
  Code: number;
  Body: string;
  Headers: Record<string, string[]>;
  code: number;
  body: string;
  headers: Record<string, string[]>;
}

/**
 * Sends an HTTP request; takes JSON.stringify(TykHttpRequest) and returns
 * the JSON text of a TykHttpResponse, or undefined on any error (logged).
 * Bounded by the call's deadline, the body-size cap and the per-call request
 * limit; link-local and metadata addresses are refused unless allowed.
 */
declare function TykMakeHttpRequest(requestJSON: string): string | undefined;

/** One request of a TykBatchRequest; relative_url must be an absolute http(s) URL. */
interface TykBatchRequestItem {
  method: string;
  headers?: Record<string, string>;
  body?: string;
  relative_url: string;
}

/** One answer of a TykBatchRequest (code 0 for a request that failed). */
interface TykBatchReply {
  relative_url: string;
  code: number;
  headers: Record<string, string[]>;
  body: string;
}

/**
 * Sends several requests; takes JSON.stringify({requests: TykBatchRequestItem[],
 * suppress_parallel_execution?: boolean}) and returns the JSON text of a
 * TykBatchReply[] (completion order when parallel), or undefined on error.
 */
declare function TykBatchRequest(batchJSON: string): string | undefined;

/** The key's session as JSON text, or {"status":"error","message":"Key not found"}. */
declare function TykGetKeyData(key: string, apiId: string): string;
/** Stores a session (JSON text) for key; suppressReset "1" keeps the quota. Errors are only logged. */
declare function TykSetKeyData(key: string, sessionJSON: string, suppressReset?: string): void;

/** Shared storage (Tyk master's API): the value, or null when the key does not exist. Throws on failure. */
declare function TykStorageGet(key: string): string | null;
/** Stores value; ttlSeconds 0 (or omitted) means no expiry. Throws on failure or a key/value out of bounds. */
declare function TykStorageSet(key: string, value: string, ttlSeconds?: number): void;
/** Stores value only if key does not exist; true when this call claimed it. Throws on failure. */
declare function TykStorageSetNX(key: string, value: string, ttlSeconds?: number): boolean;
/** Removes key. Throws on failure. */
declare function TykStorageDel(key: string): void;
/** Seconds left; -1 without expiry, -2 when the key does not exist. Throws on failure. */
declare function TykStorageTTL(key: string): number;
/** Adds one atomically; the new value as a decimal string. ttlSeconds applies when this created the key. */
declare function TykStorageIncr(key: string, ttlSeconds?: number): string;

/** The Workers KV-style storage object of Workers-style handlers (env.KV). */
interface TykKVNamespace {
  get(key: string, type?: "text" | { type: "text" }): Promise<string | null>;
  get<T = unknown>(key: string, type: "json" | { type: "json" }): Promise<T | null>;
  put(key: string, value: string, options?: { expirationTtl?: number; expiration?: number }): Promise<void>;
  delete(key: string): Promise<void>;
  list(options?: { prefix?: string; limit?: number; cursor?: string }): Promise<{
    keys: { name: string }[];
    list_complete: boolean;
    cursor?: string;
  }>;
}

/** Tyk's middleware and event handler namespace (coreJS). */
declare const TykJS: {
  TykMiddleware: {
    MiddlewareComponentMeta: new (configuration: unknown) => unknown;
    NewMiddleware: new (configuration: unknown) => unknown;
  };
  TykEventHandlers: {
    EventHandlerComponentMeta: new (configuration: unknown) => unknown;
    NewEventHandler: new (configuration: unknown) => unknown;
  };
};
