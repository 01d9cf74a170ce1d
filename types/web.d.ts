// The Web platform subset tyk-ve serves beside Tyk's API: the event loop
// (timers, microtasks), URL, text codecs, base64, console, structuredClone,
// DOMException, and fetch with its classes (docs/javascript-api.md,
// docs/fetch.md). What is not declared here does not exist at the gateway
// (no streams, Blob, FormData, no DOM).

// ---- Event loop -------------------------------------------------------------

/** Runs fn after ms milliseconds (at most 1,000 timers per call). */
declare function setTimeout(fn: (...args: any[]) => void, ms?: number, ...args: any[]): number;
/** Runs fn every ms milliseconds (at least 1 ms) until cleared or the call ends. */
declare function setInterval(fn: (...args: any[]) => void, ms?: number, ...args: any[]): number;
declare function clearTimeout(id?: number): void;
declare function clearInterval(id?: number): void;
/** Queues fn on the promise job queue. */
declare function queueMicrotask(fn: () => void): void;

// ---- URL --------------------------------------------------------------------

/** A WHATWG URL. An invalid URL throws a TypeError. */
declare class URL {
  constructor(url: string | URL, base?: string | URL);
  static canParse(url: string | URL, base?: string | URL): boolean;
  static parse(url: string | URL, base?: string | URL): URL | null;
  href: string;
  readonly origin: string;
  protocol: string;
  username: string;
  password: string;
  host: string;
  hostname: string;
  port: string;
  pathname: string;
  search: string;
  readonly searchParams: URLSearchParams;
  hash: string;
  toString(): string;
  toJSON(): string;
}

declare class URLSearchParams {
  constructor(init?: string | [string, string][] | Record<string, string> | URLSearchParams);
  readonly size: number;
  append(name: string, value: string): void;
  delete(name: string, value?: string): void;
  get(name: string): string | null;
  getAll(name: string): string[];
  has(name: string, value?: string): boolean;
  set(name: string, value: string): void;
  sort(): void;
  forEach(fn: (value: string, name: string, parent: URLSearchParams) => void, thisArg?: unknown): void;
  keys(): IterableIterator<string>;
  values(): IterableIterator<string>;
  entries(): IterableIterator<[string, string]>;
  [Symbol.iterator](): IterableIterator<[string, string]>;
  toString(): string;
}

// ---- Text and base64 --------------------------------------------------------

/** UTF-8 only. */
declare class TextEncoder {
  constructor();
  readonly encoding: "utf-8";
  encode(input?: string): Uint8Array;
  encodeInto(source: string, destination: Uint8Array): { read: number; written: number };
}

/** UTF-8 only: another label is a RangeError. */
declare class TextDecoder {
  constructor(label?: "utf-8" | "utf8" | "unicode-1-1-utf-8", options?: { fatal?: boolean; ignoreBOM?: boolean });
  readonly encoding: "utf-8";
  readonly fatal: boolean;
  readonly ignoreBOM: boolean;
  decode(input?: ArrayBuffer | ArrayBufferView, options?: { stream?: boolean }): string;
}

/** Decodes base64 (forgiving); invalid input throws an InvalidCharacterError DOMException. */
declare function atob(data: string): string;
/** Encodes a string of code points up to U+00FF as base64. */
declare function btoa(data: string): string;

// ---- console, structuredClone, DOMException -----------------------------------

interface Console {
  log(...data: unknown[]): void;
  info(...data: unknown[]): void;
  warn(...data: unknown[]): void;
  error(...data: unknown[]): void;
  debug(...data: unknown[]): void;
  trace(...data: unknown[]): void;
  dir(item?: unknown, options?: unknown): void;
}
/** Writes to the gateway log with the call's fields (api_id, endpoint, function). */
declare var console: Console;

/** Copies plain data (objects, arrays, Date, RegExp, Map, Set, ArrayBuffer, views, errors). */
declare function structuredClone<T>(value: T): T;

declare class DOMException extends Error {
  constructor(message?: string, name?: string);
  readonly name: string;
  readonly message: string;
  readonly code: number;
}

// ---- fetch --------------------------------------------------------------------

type HeadersInit = Headers | [string, string][] | Record<string, string>;
type BodyInit = string | ArrayBuffer | ArrayBufferView | URLSearchParams | null;

declare class Headers {
  constructor(init?: HeadersInit);
  append(name: string, value: string): void;
  delete(name: string): void;
  get(name: string): string | null;
  getSetCookie(): string[];
  has(name: string): boolean;
  set(name: string, value: string): void;
  forEach(fn: (value: string, name: string, parent: Headers) => void, thisArg?: unknown): void;
  keys(): IterableIterator<string>;
  values(): IterableIterator<string>;
  entries(): IterableIterator<[string, string]>;
  [Symbol.iterator](): IterableIterator<[string, string]>;
}

interface RequestInit {
  method?: string;
  headers?: HeadersInit;
  body?: BodyInit;
  redirect?: "follow" | "manual" | "error";
  signal?: AbortSignal | null;
}

interface Body {
  readonly bodyUsed: boolean;
  text(): Promise<string>;
  json(): Promise<any>;
  arrayBuffer(): Promise<ArrayBuffer>;
  bytes(): Promise<Uint8Array>;
}

declare class Request implements Body {
  constructor(input: string | URL | Request, init?: RequestInit);
  readonly method: string;
  readonly url: string;
  readonly headers: Headers;
  readonly redirect: "follow" | "manual" | "error";
  readonly signal: AbortSignal;
  readonly bodyUsed: boolean;
  text(): Promise<string>;
  json(): Promise<any>;
  arrayBuffer(): Promise<ArrayBuffer>;
  bytes(): Promise<Uint8Array>;
  clone(): Request;
}

interface ResponseInit {
  status?: number;
  statusText?: string;
  headers?: HeadersInit;
}

declare class Response implements Body {
  constructor(body?: BodyInit, init?: ResponseInit);
  static json(data: unknown, init?: ResponseInit): Response;
  /** Any absolute URL; a tyk:// URL loops inside the gateway. */
  static redirect(url: string | URL, status?: 301 | 302 | 303 | 307 | 308): Response;
  static error(): Response;
  readonly status: number;
  readonly ok: boolean;
  readonly statusText: string;
  readonly headers: Headers;
  readonly url: string;
  readonly redirected: boolean;
  readonly type: "basic" | "cors" | "default" | "error" | "opaque" | "opaqueredirect";
  readonly bodyUsed: boolean;
  text(): Promise<string>;
  json(): Promise<any>;
  arrayBuffer(): Promise<ArrayBuffer>;
  bytes(): Promise<Uint8Array>;
  clone(): Response;
}

declare class AbortSignal {
  private constructor();
  static abort(reason?: unknown): AbortSignal;
  static timeout(ms: number): AbortSignal;
  static any(signals: Iterable<AbortSignal>): AbortSignal;
  readonly aborted: boolean;
  readonly reason: unknown;
  onabort: ((event: { type: "abort" }) => void) | null;
  throwIfAborted(): void;
  addEventListener(type: "abort", listener: (event: { type: "abort" }) => void, options?: { once?: boolean } | boolean): void;
  removeEventListener(type: "abort", listener: (event: { type: "abort" }) => void): void;
}

declare class AbortController {
  constructor();
  readonly signal: AbortSignal;
  abort(reason?: unknown): void;
}

/**
 * Sends an HTTP request on the call's event loop: bounded by the call's
 * deadline, limits.max_outbound_requests (shared with TykMakeHttpRequest),
 * limits.max_outbound_response_body and the address policy.
 */
declare function fetch(input: string | URL | Request, init?: RequestInit): Promise<Response>;

// ---- Workers-style handlers -----------------------------------------------------

/** env of a Workers-style handler. */
interface TykEnv<Config = Record<string, unknown>> {
  /** The API's config_data (without tyk_ve). */
  config: Config;
  /** The key's session with use_session (null on a keyless request). */
  session?: TykSession | null;
  [binding: string]: unknown;
}

/** ctx of a Workers-style handler. */
interface TykExecutionContext {
  /** Lets work finish after the answer, within the call's deadline. */
  waitUntil(promise: Promise<unknown>): void;
}

/** The default export (or named global) of an endpoint with "handler": "fetch". */
interface TykExportedHandler<Config = Record<string, unknown>> {
  fetch(request: Request, env: TykEnv<Config>, ctx: TykExecutionContext): Response | Promise<Response>;
}
