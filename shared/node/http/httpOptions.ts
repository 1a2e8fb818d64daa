/** The HTTP client's options (mostly VS Code settings passed through) and their defaults. */
import type { Logger } from '../../src/http';
import type { Destinations } from '../../src/destinations';

/** The port's Logger, plus an optional debug level for the one-line-per-attempt trace. */
export type HttpLogger = Logger & { debug?(message: string): void };

export interface HttpClientOptions {
  /** Requests in flight per host (host:port); more wait in a FIFO queue. Default 8. */
  maxConcurrentRequests?: number;
  /** Time limit of one attempt, from sending to the end of the body. Default 10000. */
  requestTimeoutMs?: number;
  /** Attempts per request, first included. Default 3. */
  maxAttempts?: number;
  /** Backoff base; the n-th retry waits a uniform random time in [0, base·2^(n-1)]. Default 250. */
  retryBaseDelayMs?: number;
  /** Longest computed backoff. Default 4000. */
  maxRetryDelayMs?: number;
  /** Longest `Retry-After` honoured; a longer one ends the retries at once. Default 30000. */
  maxRetryAfterMs?: number;
  /** Body cap when the request does not set `maxBytes`. Default 2 MiB. */
  defaultMaxBytes?: number;
  /** Redirects followed per request. Default 5. */
  maxRedirects?: number;
  /** Verify TLS certificates (VS Code's `http.proxyStrictSSL`). Default true. */
  strictSSL?: boolean;
  /** Explicit proxy (VS Code's `http.proxy`). */
  proxyUrl?: string;
  /** Hosts never proxied (VS Code's `http.noProxy`), NO_PROXY syntax. */
  noProxy?: string[];
  /** Read HTTPS_PROXY / HTTP_PROXY / NO_PROXY from `env`. Default true. */
  useEnvProxy?: boolean;
  /** Environment for the proxy variables. Default `process.env`. */
  env?: Record<string, string | undefined>;
  /** Headers dropped, like `authorization`, when a redirect leaves the original origin. */
  sensitiveHeaders?: string[];
  /** Sent unless the request sets its own. */
  userAgent?: string;
  logger?: HttpLogger;
  /**
   * Where requests may go (docs/security.md): configured origins and allowed index hosts; anything
   * else fails with kind `not-allowed` before any connection. Undefined: any host (the wire's own
   * unit tests); the engine and the preview always set it.
   */
  destinations?: Destinations;
  /** When set, every request fails with kind `not-allowed` and this text, before any connection (an untrusted workspace). */
  blocked?: string;
  /** Jitter source in [0, 1); tests pin it. Default Math.random. */
  random?: () => number;
}

/** docs/settings.md for the settings-backed ones; the rest are this client's own choices. */
export const DEFAULTS = {
  maxConcurrentRequests: 8,
  requestTimeoutMs: 10_000,
  maxAttempts: 3,
  retryBaseDelayMs: 250,
  maxRetryDelayMs: 4_000,
  maxRetryAfterMs: 30_000,
  defaultMaxBytes: 2 * 1024 * 1024,
  maxRedirects: 5,
  strictSSL: true,
  useEnvProxy: true,
};

/** The options with every default filled in. */
export type Settings = typeof DEFAULTS & HttpClientOptions;

