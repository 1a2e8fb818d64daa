/**
 * When a failed attempt is tried again, and after how long.
 *
 * - timeout, reset: transient by nature — retried up to the attempt limit.
 * - 429, 503: the server asks us to come back — retried, honouring `Retry-After`.
 * - 500, 502, 504: often a gateway hiccup, sometimes a deterministic bug — one retry, no more.
 * - refused, dns, tls, insecure, other 4xx, other 5xx: retrying will not help (the network is down,
 *   the name does not exist, the certificate is wrong, the ask is wrong) — fail fast.
 */
import type { HttpFailureKind } from '../../src/http';

export interface RetryPolicy {
  /** Most attempts for one request, first included. */
  maxAttempts: number;
  /** Base of the exponential backoff. */
  baseDelayMs: number;
  /** Longest computed backoff. */
  maxDelayMs: number;
  /** Longest `Retry-After` honoured; a server asking for more gets no retry (see `retryDelay`). */
  maxRetryAfterMs: number;
  /** Source of jitter, in [0, 1). */
  random: () => number;
}

/** How many attempts in total an outcome allows, at most. */
export function attemptLimit(outcome: { kind: HttpFailureKind } | { status: number }, policy: RetryPolicy): number {
  if ('kind' in outcome) {
    return outcome.kind === 'timeout' || outcome.kind === 'reset' ? policy.maxAttempts : 1;
  }
  const { status } = outcome;
  if (status === 429 || status === 503) return policy.maxAttempts;
  if (status === 500 || status === 502 || status === 504) return Math.min(2, policy.maxAttempts);
  return 1;
}

/** A status that, when it stays after the retries, is a failure of kind `http` rather than an answer. */
export function isFailingStatus(status: number): boolean {
  return status === 429 || status >= 500;
}

/**
 * Delay before attempt number `attempt + 1` (attempt counts from 1). With a usable `Retry-After`
 * the server's delay is used as is; one longer than `maxRetryAfterMs` returns undefined: no retry,
 * since trying earlier than the server asked only earns another 429 and holds the caller up.
 * Without one: full jitter, a uniform delay in [0, min(maxDelay, base·2^(attempt-1))].
 */
export function retryDelay(attempt: number, retryAfter: string | undefined, policy: RetryPolicy, now: number): number | undefined {
  const asked = retryAfter === undefined ? undefined : parseRetryAfter(retryAfter, now);
  if (asked !== undefined) return asked > policy.maxRetryAfterMs ? undefined : asked;
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.floor(policy.random() * ceiling);
}

/** `Retry-After` as delay-seconds or an HTTP-date, in ms from `now`; undefined when unreadable. */
export function parseRetryAfter(value: string, now: number): number | undefined {
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  // An HTTP-date always names a weekday and GMT; Date.parse alone accepts far too much.
  if (!/GMT$/i.test(text)) return undefined;
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
