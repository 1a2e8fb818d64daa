/**
 * The Node implementation of `HttpPort`, on undici. One request goes through these steps:
 * policy check (HTTPS unless loopback) → dedupe (identical asks share one flight) → per-host FIFO
 * slot → attempt with its own time limit → redirects followed by hand → retries with backoff.
 * See retry.ts for which failures are retried and why.
 */
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import type { IncomingHttpHeaders } from 'node:http';
import type { HttpFailure, HttpFailureKind, HttpPort, HttpRequest, HttpResult } from '../../src/http';
import { decodeBody, parseJson, readCapped } from './bodyReader';
import { describeFailure, failureKindOf, proxyRefusal } from './errorKind';
import { Dispatchers } from './dispatchers';
import { HostLimiter } from './hostLimiter';
import { DEFAULTS, type HttpClientOptions, type Settings } from './httpOptions';
import { resolveProxy } from './proxy';
import { attemptLimit, isFailingStatus, retryDelay, type RetryPolicy } from './retry';
import { SharedFlights } from './sharedFlight';
import { onAbort } from './abortFanout';
import { destinationRefusal } from '../../src/destinations';
import { passGate, shownUrl } from './destinationGate';
import { displayUrl, headersForRedirect, parseUrl, urlRefusal } from './urlPolicy';

export type { HttpClientOptions, HttpLogger } from './httpOptions';

export interface HttpStats {
  /** Attempts put on the wire (retries and redirect hops included). */
  requestsSent: number;
  retries: number;
  redirects: number;
  /** Asks answered by joining an identical request already in flight. */
  dedupeHits: number;
  inFlight: Record<string, number>;
  maxInFlight: Record<string, number>;
  queued: Record<string, number>;
  /** Requests each host may have in flight now: its congestion window, never above maxConcurrentRequests. */
  allowed: Record<string, number>;
}

export interface HttpClient extends HttpPort {
  /** Aborts everything in flight or queued and destroys every pool: no socket or timer stays. */
  close(): Promise<void>;
  stats(): HttpStats;
  /** Applies changed settings; requests already running finish with the old ones. */
  updateOptions(partial: Partial<HttpClientOptions>): void;
}

const REDIRECT_STATUSES: ReadonlySet<number> = new Set([301, 302, 303, 307, 308]);
/** Bytes of an unwanted body (error page, redirect) read to keep the connection reusable. */
const DRAIN_LIMIT = 64 * 1024;

const gzipAsync = promisify(gzip);

/** What one attempt ended with, before the retry and redirect decisions. */
type AttemptOutcome =
  | { type: 'answer'; status: number; headers: Record<string, string>; json: unknown; bytes?: Uint8Array }
  | { type: 'status'; status: number; headers: Record<string, string> }
  | { type: 'redirect'; status: number; location: string }
  | { type: 'failure'; kind: HttpFailureKind; detail?: string };

interface Exchange {
  method: 'GET' | 'POST';
  url: URL;
  /** How the URL appears in messages and logs: as written (`${VAR}` unexpanded), without credentials or query. */
  shown: string;
  headers: Record<string, string>;
  body: Buffer | string | undefined;
  maxBytes: number;
  responseType: 'json' | 'bytes';
  first: boolean;
}

export function createHttpClient(options: HttpClientOptions = {}): HttpClient {
  let settings: Settings = { ...DEFAULTS, ...options };
  const limiter = new HostLimiter(settings.maxConcurrentRequests);
  const flights = new SharedFlights<HttpResult>();
  const dispatchers = new Dispatchers(dispatcherConfig(settings));
  /** Aborted by close(): every attempt and every backoff wait listens to it. */
  const lifetime = new AbortController();
  const counters = { requestsSent: 0, retries: 0, redirects: 0 };

  const retryPolicy = (): RetryPolicy => ({
    maxAttempts: Math.max(1, settings.maxAttempts),
    baseDelayMs: settings.retryBaseDelayMs,
    maxDelayMs: settings.maxRetryDelayMs,
    maxRetryAfterMs: settings.maxRetryAfterMs,
    random: settings.random ?? Math.random,
  });

  async function request(req: HttpRequest): Promise<HttpResult> {
    // Every request passes this gate first: no network at all while blocked, then destination
    // policy, `${VAR}` filling, HTTPS.
    const gate = settings.blocked !== undefined ? { ok: false as const, kind: 'not-allowed' as const, shown: ((u) => (u ? shownUrl(u) : 'the URL'))(parseUrl(req.url)), detail: settings.blocked } : passGate(req, settings.destinations, settings.env ?? process.env);
    if (!gate.ok) {
      settings.logger?.debug?.(`${req.method} ${gate.shown} ${gate.kind}`);
      return failure(gate.kind, req.method, gate.shown, gate.detail);
    }
    const { shown } = gate;
    if (lifetime.signal.aborted) return failure('aborted', req.method, shown, 'the HTTP client is closed');
    // Keyed by the URL as written, so no filled-in value is kept even in memory.
    const key = req.dedupeKey ?? (req.method === 'GET' ? `GET ${req.url}${req.responseType === 'bytes' ? ' (bytes)' : ''}` : undefined);
    const aborted = (): HttpResult => failure('aborted', req.method, shown);
    if (key === undefined) {
      if (req.signal?.aborted) return aborted();
      return exchange(req, gate, req.signal ?? new AbortController().signal);
    }
    return flights.run(key, req.signal, (signal) => exchange(req, gate, signal), aborted);
  }

  /** The whole exchange for one ask: redirects and retries included. */
  async function exchange(req: HttpRequest, target: { url: URL; shown: string; headers: Record<string, string> }, signal: AbortSignal): Promise<HttpResult> {
    const current: Exchange = {
      method: req.method,
      url: target.url,
      shown: target.shown,
      headers: { ...target.headers, ...requestHeaders(req) },
      body: req.body === undefined ? undefined : req.gzipBody ? await gzipAsync(Buffer.from(req.body, 'utf8')) : req.body,
      maxBytes: req.maxBytes ?? settings.defaultMaxBytes,
      responseType: req.responseType ?? 'json',
      first: req.priority === 'first',
    };
    const policy = retryPolicy();
    let attempt = 0;
    let redirects = 0;
    for (;;) {
      attempt++;
      const outcome = await attemptOnce(current, signal, attempt);
      const where = current.shown;
      if (outcome.type === 'redirect') {
        const refused = followRedirect(current, outcome, ++redirects);
        if (refused) return refused;
        counters.redirects++;
        attempt = 0;
        continue;
      }
      if (outcome.type === 'answer') {
        return outcome.bytes ? { ok: true, status: outcome.status, json: undefined, headers: outcome.headers, bytes: outcome.bytes } : { ok: true, status: outcome.status, json: outcome.json, headers: outcome.headers };
      }
      if (outcome.type === 'failure' && (outcome.kind === 'aborted' || signal.aborted)) {
        return failure('aborted', current.method, where);
      }
      const limit = attemptLimit(outcome.type === 'status' ? { status: outcome.status } : { kind: outcome.kind }, policy);
      if (attempt < limit) {
        const retryAfter = outcome.type === 'status' ? outcome.headers['retry-after'] : undefined;
        const delay = retryDelay(attempt, retryAfter, policy, Date.now());
        if (delay !== undefined) {
          counters.retries++;
          if (!(await pause(delay, signal))) return failure('aborted', current.method, where);
          continue;
        }
      }
      if (outcome.type === 'failure') return failure(outcome.kind, current.method, where, outcome.detail);
      if (isFailingStatus(outcome.status)) {
        return { ...failure('http', current.method, where, `answered HTTP ${outcome.status}`), status: outcome.status };
      }
      return { ok: true, status: outcome.status, json: undefined, headers: outcome.headers };
    }
  }

  /** Moves `current` to the redirect target, or returns why it may not go there. */
  function followRedirect(current: Exchange, outcome: { status: number; location: string }, count: number): HttpFailure | undefined {
    const where = current.shown;
    if (count > settings.maxRedirects) return failure('other', current.method, where, `more than ${settings.maxRedirects} redirects`);
    const next = parseUrl(outcome.location, current.url);
    if (!next) return failure('other', current.method, where, 'redirect to an invalid URL');
    if (current.url.protocol === 'https:' && next.protocol !== 'https:') {
      return failure('insecure', current.method, where, 'refused a redirect from HTTPS to plain HTTP');
    }
    const refusal = urlRefusal(next);
    if (refusal) return failure('insecure', current.method, displayUrl(next), refusal);
    // A redirect is a destination too: an allowed host cannot send the client to one that is not.
    const notAllowed = settings.destinations ? destinationRefusal(next, settings.destinations) : undefined;
    if (notAllowed) return failure('not-allowed', current.method, displayUrl(next), notAllowed);
    current.headers = headersForRedirect(current.headers, current.url, next, sensitiveHeaderSet());
    // 303 always, and 301/302 after a POST, continue as GET without the body (what browsers do).
    if (current.method === 'POST' && (outcome.status === 303 || outcome.status === 301 || outcome.status === 302)) {
      current.method = 'GET';
      current.body = undefined;
      delete current.headers['content-type'];
      delete current.headers['content-encoding'];
    }
    current.url = next;
    current.shown = displayUrl(next);
    return undefined;
  }

  /** One attempt on the wire, inside a per-host slot and its own time limit. */
  async function attemptOnce(current: Exchange, signal: AbortSignal, attempt: number): Promise<AttemptOutcome> {
    const { url, method } = current;
    const release = await limiter.acquire(url.host, signal, current.first); // close() empties the queues itself
    if (!release) return { type: 'failure', kind: 'aborted' };
    counters.requestsSent++;
    const started = Date.now();
    const attemptController = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      attemptController.abort();
    }, settings.requestTimeoutMs);
    const stop = (): void => attemptController.abort();
    // The lifetime signal spans every attempt in flight: one listener per signal (abortFanout.ts).
    const unlisten = [onAbort(signal, stop), onAbort(lifetime.signal, stop)];
    let outcome: AttemptOutcome = { type: 'failure', kind: 'other' };
    try {
      outcome = await send(current, attemptController.signal);
    } catch (error) {
      const kind = timedOut ? 'timeout' : attemptController.signal.aborted ? 'aborted' : failureKindOf(error);
      outcome = { type: 'failure', kind, detail: kind === 'other' ? proxyRefusal(error) : undefined };
    } finally {
      clearTimeout(timer);
      for (const off of unlisten) off();
      // 429 and 503 narrow the host's window; any other answer widens it again (hostLimiter.ts).
      release(outcome.type === 'failure' ? undefined : outcome.type === 'status' && (outcome.status === 429 || outcome.status === 503) ? 'congested' : 'answered');
    }
    const result = outcome.type === 'failure' ? outcome.kind : String(outcome.status);
    settings.logger?.debug?.(`${method} ${current.shown} ${result} ${Date.now() - started}ms attempt ${attempt}`);
    return outcome;
  }

  /** Sends and reads the answer; throws what undici throws. */
  async function send(current: Exchange, signal: AbortSignal): Promise<AttemptOutcome> {
    const { url } = current;
    const answer = await dispatchers.request(proxyFor(url), {
      origin: url.origin,
      path: `${url.pathname}${url.search}`,
      method: current.method,
      headers: current.headers,
      body: current.body,
      signal,
      // Backstops only: the attempt timer above is the limit that counts.
      headersTimeout: settings.requestTimeoutMs,
      bodyTimeout: settings.requestTimeoutMs,
    });
    const headers = flattenHeaders(answer.headers);
    const status = answer.statusCode;
    if (REDIRECT_STATUSES.has(status) && headers.location !== undefined) {
      await drain(answer.body);
      return { type: 'redirect', status, location: headers.location };
    }
    if (status < 200 || status >= 300) {
      await drain(answer.body);
      return { type: 'status', status, headers };
    }
    const declared = Number(headers['content-length']);
    if (Number.isFinite(declared) && declared > current.maxBytes) {
      answer.body.destroy();
      return { type: 'failure', kind: 'too-large', detail: `answer of ${declared} bytes is over the ${current.maxBytes}-byte limit` };
    }
    const raw = await readCapped(answer.body, current.maxBytes);
    if (!raw) return { type: 'failure', kind: 'too-large', detail: `answer over the ${current.maxBytes}-byte limit` };
    // Binary downloads (npm tarballs) are hashed exactly as served: a .tgz is gzip by nature.
    if (current.responseType === 'bytes') return { type: 'answer', status, headers, json: undefined, bytes: new Uint8Array(raw.buffer, raw.byteOffset, raw.byteLength) };
    const decoded = await decodeBody(raw, headers['content-encoding'], current.maxBytes);
    if (!decoded.ok) {
      return decoded.reason === 'too-large'
        ? { type: 'failure', kind: 'too-large', detail: `decompressed answer over the ${current.maxBytes}-byte limit` }
        : { type: 'failure', kind: 'other', detail: 'answer in an unsupported or broken content encoding' };
    }
    const parsed = parseJson(decoded.text);
    if (!parsed.ok) return { type: 'failure', kind: 'invalid-json' };
    return { type: 'answer', status, headers, json: parsed.value };
  }

  function proxyFor(url: URL): string | undefined {
    return resolveProxy(url, {
      proxyUrl: settings.proxyUrl,
      noProxy: settings.noProxy,
      useEnvProxy: settings.useEnvProxy,
      env: settings.env ?? process.env,
    });
  }

  function requestHeaders(req: HttpRequest): Record<string, string> {
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.headers ?? {})) headers[name.toLowerCase()] = value;
    headers['accept-encoding'] ??= 'gzip';
    if (settings.userAgent !== undefined) headers['user-agent'] ??= settings.userAgent;
    if (req.body !== undefined) {
      headers['content-type'] ??= 'application/json';
      if (req.gzipBody) headers['content-encoding'] = 'gzip';
    }
    return headers;
  }

  function sensitiveHeaderSet(): ReadonlySet<string> {
    return new Set((settings.sensitiveHeaders ?? []).map((name) => name.toLowerCase()));
  }

  /** Waits `ms`; false when the caller's signal or close() interrupts. */
  function pause(ms: number, signal: AbortSignal): Promise<boolean> {
    return new Promise((resolve) => {
      if (signal.aborted || lifetime.signal.aborted) {
        resolve(false);
        return;
      }
      let unlisten: Array<() => void> = [];
      const done = (value: boolean): void => {
        clearTimeout(timer);
        for (const off of unlisten) off();
        resolve(value);
      };
      const interrupted = (): void => done(false);
      const timer = setTimeout(() => done(true), ms);
      unlisten = [onAbort(signal, interrupted), onAbort(lifetime.signal, interrupted)];
    });
  }

  return {
    request,
    async close() {
      lifetime.abort();
      limiter.denyAll();
      await dispatchers.destroy();
    },
    stats: () => ({
      ...counters,
      dedupeHits: flights.hits,
      inFlight: limiter.inFlight(),
      maxInFlight: limiter.maxInFlight(),
      queued: limiter.queued(),
      allowed: limiter.allowed(),
    }),
    updateOptions(partial) {
      settings = { ...settings, ...partial };
      limiter.setLimit(settings.maxConcurrentRequests);
      dispatchers.reconfigure(dispatcherConfig(settings));
    },
  };
}

function dispatcherConfig(settings: Settings): { strictSSL: boolean; connectTimeoutMs: number } {
  return { strictSSL: settings.strictSSL, connectTimeoutMs: settings.requestTimeoutMs };
}

function failure(kind: HttpFailureKind, method: string, where: string, detail?: string): HttpFailure {
  return { ok: false, kind, message: describeFailure(kind, method, where, detail) };
}

function flattenHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) flat[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return flat;
}

/** Reads and drops a small unwanted body so the connection can be reused; a big one closes it. */
async function drain(body: { dump(opts?: { limit: number }): Promise<void> }): Promise<void> {
  await body.dump({ limit: DRAIN_LIMIT }).catch(() => undefined);
}
