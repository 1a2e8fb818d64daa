/**
 * The HTTP port and the logger: what the service asks of the network and of a log, declared here
 * because both sides use them (the server's checks, the extension's and the CLI's draft preview).
 * The undici adapter is shared/node/http/httpClient.ts; unit tests pass fakes.
 */

export interface HttpRequest {
  method: 'GET' | 'POST';
  url: string;
  headers?: Record<string, string>;
  /** Request body (JSON text). */
  body?: string;
  /** Send the body gzip-compressed (`content-encoding: gzip`); used for the npm bulk-advisory POST. */
  gzipBody?: boolean;
  /** Identical asks with the same key share one request in flight. Defaults to `${method} ${url}` for GET. */
  dedupeKey?: string;
  /** Aborts the request (e.g. the document changed). */
  signal?: AbortSignal;
  /** Largest body accepted, in bytes; larger answers fail with kind `too-large`. */
  maxBytes?: number;
  /**
   * `json` (default): a 2xx body is decoded and parsed. `bytes`: a 2xx body is returned as received
   * in `bytes` (no JSON parsing, no guessing of gzip without a header) — for tarballs.
   */
  responseType?: 'json' | 'bytes';
  /**
   * The URL is a requirements file's own index URL: its `${VAR}` references are filled in from the
   * environment by the HTTP layer, and only for a host in `sigma.allowedIndexHosts` (docs/security.md).
   */
  expandEnv?: boolean;
  /**
   * `first`: waits in its host's queue ahead of every ordinary request (behind other `first` ones).
   * For a request a whole batch waits on, such as the npm bulk advisory POST (docs/benchmarks.md).
   */
  priority?: 'first';
}

/**
 * `answered`: the server answered with a status. `json` is the parsed body for 2xx answers, or
 * undefined for other statuses (their bodies are not trusted).
 */
export interface HttpAnswer {
  ok: true;
  status: number;
  json: unknown;
  headers: Record<string, string>;
  /** The raw body of a 2xx answer to a `responseType: 'bytes'` request. */
  bytes?: Uint8Array;
}

export type HttpFailureKind =
  | 'timeout' // no answer (or no complete body) within the time limit
  | 'refused' // connection refused
  | 'reset' // connection reset / closed mid-body
  | 'dns' // host not found
  | 'tls' // certificate or TLS failure
  | 'insecure' // refused by policy: plain HTTP to a non-loopback host
  | 'not-allowed' // refused by policy: not a configured origin nor an allowed index host (docs/security.md)
  | 'unset-variable' // the URL needs an environment variable that is not set: nothing was sent
  | 'aborted' // cancelled by the caller
  | 'too-large' // body larger than maxBytes
  | 'invalid-json' // a 2xx body that is not JSON
  | 'http' // an HTTP status that stayed an error after retries (429, 5xx, …)
  | 'other';

export interface HttpFailure {
  ok: false;
  kind: HttpFailureKind;
  status?: number;
  /** Plain-language description without secrets (no headers, no token). */
  message: string;
}

export type HttpResult = HttpAnswer | HttpFailure;

export interface HttpPort {
  request(req: HttpRequest): Promise<HttpResult>;
}

/** Kinds of failure that mean "the network as a whole failed" rather than "this one answer was bad". */
export const NETWORK_FAILURE_KINDS: ReadonlySet<HttpFailureKind> = new Set(['timeout', 'refused', 'reset', 'dns', 'tls']);

export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}
