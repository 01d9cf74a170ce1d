// Type declarations for tyk-ve test files written as code (*.test.ts):
// the globals api, gateway and test, and each test's t. See
// docs/testing.md ("Tests written as code") for the behaviour behind each.
//
// Use: add this file to the "include" (or "files") of the tsconfig.json
// that covers your tests. tyk-ve test removes the types without checking
// them; your editor or `tsc --noEmit` checks them.

/** A test file's request: the fields of a YAML test's `request`. */
interface TykTestRequest {
  /** Default GET. */
  method?: string;
  /** The path, with the listen path: "/orders/summary/42". */
  path: string;
  /** Query parameters: a value or a list of values per name. */
  query?: Record<string, string | number | boolean | Array<string | number | boolean>>;
  headers?: Record<string, string | number | boolean>;
  /** The body as text; exclusive with json. */
  body?: string;
  /** Sent as JSON, with Content-Type application/json unless headers set one. */
  json?: unknown;
}

/** A stubbed upstream answer: the fields of a YAML test's `upstreams[]`. */
interface TykTestStub {
  /** Any method when absent. */
  method?: string;
  /** The URL, query included; a trailing "*" matches a prefix. */
  url: string;
  /** Default 200. */
  status?: number;
  headers?: Record<string, string | number | boolean>;
  body?: string;
  json?: unknown;
}

/** The fields of a YAML test's `expect`. */
interface TykTestExpectation {
  status?: number;
  headers?: Record<string, string>;
  body?: string;
  json?: unknown;
  json_subset?: unknown;
  session_meta?: Record<string, unknown>;
}

/** The answer's headers. */
interface TykTestHeaders {
  /** Case-insensitive; repeated values joined with ", "; null when absent. */
  get(name: string): string | null;
  has(name: string): boolean;
  /** The names, lower-case, sorted. */
  keys(): string[];
}

/** What t.request returns. */
interface TykTestResponse {
  readonly status: number;
  readonly headers: TykTestHeaders;
  /** The body as text (UTF-8). */
  text(): string;
  /** The body parsed as JSON; a SyntaxError when it is not JSON. */
  json(): any;
}

/** A test's t. A failed assertion records a failure and the test goes on. */
interface TykTest {
  /** The test's name. */
  readonly name: string;
  request(req: TykTestRequest | string): TykTestResponse;
  upstream(stub: TykTestStub): void;
  /** The key session the next requests carry; null for none. */
  session(session: Record<string, unknown> | null): void;
  /** The meta_data the endpoint wrote back, or undefined. */
  sessionMeta(): Record<string, any> | undefined;
  expect(res: TykTestResponse, expectation: TykTestExpectation, msg?: string): void;
  /** Object.is. */
  equal(actual: unknown, expected: unknown, msg?: string): void;
  notEqual(actual: unknown, expected: unknown, msg?: string): void;
  /** Structural equality; the failure lists the differing paths. */
  deepEqual(actual: unknown, expected: unknown, msg?: string): void;
  notDeepEqual(actual: unknown, expected: unknown, msg?: string): void;
  ok(value: unknown, msg?: string): void;
  match(string: unknown, re: RegExp, msg?: string): void;
  /** fn must throw (an error matching the RegExp, or an instance of the class); returns what it threw. */
  throws(fn: () => unknown, expected?: RegExp | (new (...args: any[]) => unknown) | string, msg?: string): unknown;
  fail(msg?: string): void;
}

/** The API under test: a definition's path relative to the test file, or an inline definition. */
declare function api(definition: string | Record<string, unknown>): void;
/** The gateway generation to answer as: "5.8", "5.9" … "5.14", "master". */
declare function gateway(version: string): void;
/** Registers a test. Names are unique within the file. */
declare function test(name: string, fn: (t: TykTest) => void | Promise<void>): void;
