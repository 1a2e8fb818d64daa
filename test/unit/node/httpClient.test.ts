import * as assert from 'node:assert/strict';
import { createHttpClient, type HttpClient, type HttpClientOptions } from '../../../shared/node/http/httpClient';
import type { HttpResult } from '../../../server/src/service/ports';
import { startRegistry, type LocalRegistry, type LoggedRequest } from '../../registry/index';

describe('node/httpClient against the local registry', function () {
  this.timeout(20_000);
  let registry: LocalRegistry;
  let clients: HttpClient[] = [];

  const client = (options: HttpClientOptions = {}): HttpClient => {
    // Pinned jitter (the full backoff ceiling) makes retry gaps exact; no proxy from this machine's env.
    const created = createHttpClient({ random: () => 1, retryBaseDelayMs: 50, useEnvProxy: false, requestTimeoutMs: 5000, ...options });
    clients.push(created);
    return created;
  };
  const cert = (version = '4.17.21', name = 'lodash'): string => `${registry.url}/api/v1/public/packages/npm/${name}/${version}`;
  const get = (c: HttpClient, url: string, extra: Partial<Parameters<HttpClient['request']>[0]> = {}): Promise<HttpResult> =>
    c.request({ method: 'GET', url, ...extra });
  const logged = (): LoggedRequest[] => registry.requests;

  before(async () => {
    registry = await startRegistry();
  });
  after(async () => {
    await registry.close();
  });
  beforeEach(() => {
    registry.clearLog();
    registry.clearFaults();
    registry.setLatency(0);
    registry.resetStats();
  });
  afterEach(async () => {
    await Promise.all(clients.map((c) => c.close()));
    clients = [];
  });

  it('answers 200 with parsed JSON and 404 as a normal answer without a body', async () => {
    const c = client();
    const found = await get(c, cert());
    assert.equal(found.ok, true);
    assert.ok(found.ok);
    assert.equal(found.status, 200);
    assert.equal((found.json as { packageName: string }).packageName, 'lodash');
    assert.match(found.headers['content-type'] ?? '', /json/);
    const missing = await get(c, cert('0.0.0-never'));
    assert.deepEqual(missing.ok && { status: missing.status, json: missing.json }, { status: 404, json: undefined });
  });

  it('never has more than maxConcurrentRequests in flight to one host, and reaches it', async () => {
    registry.setLatency(40);
    const c = client({ maxConcurrentRequests: 3 });
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => get(c, cert(`9.9.${i}`))));
    assert.ok(results.every((r) => r.ok && r.status === 404));
    assert.equal(registry.maxInFlight(), 3);
    const host = new URL(registry.url).host;
    assert.equal(c.stats().maxInFlight[host], 3);
    assert.equal(c.stats().inFlight[host], 0);
    assert.equal(logged().length, 20);
  });

  it('applies a raised limit at once to requests already queued', async () => {
    registry.setLatency(60);
    const c = client({ maxConcurrentRequests: 1 });
    const all = Promise.all(Array.from({ length: 8 }, (_, i) => get(c, cert(`9.8.${i}`))));
    await registry.waitForRequest();
    c.updateOptions({ maxConcurrentRequests: 4 });
    await all;
    assert.equal(registry.maxInFlight(), 4);
  });

  it('sends one request for identical asks in flight together', async () => {
    registry.setLatency(50);
    const c = client();
    const results = await Promise.all(Array.from({ length: 10 }, () => get(c, cert())));
    assert.equal(logged().length, 1);
    assert.ok(results.every((r) => r.ok && r.status === 200));
    assert.equal(c.stats().dedupeHits, 9);
    // Done: the next ask goes to the network again.
    await get(c, cert());
    assert.equal(logged().length, 2);
  });

  it('dedupes a POST only when it has a key', async () => {
    registry.setLatency(30);
    const c = client();
    const bulk = `${registry.url}/-/npm/v1/security/advisories/bulk`;
    const body = JSON.stringify({ lodash: ['4.17.20'] });
    await Promise.all([c.request({ method: 'POST', url: bulk, body }), c.request({ method: 'POST', url: bulk, body })]);
    assert.equal(logged().length, 2);
    registry.clearLog();
    await Promise.all([1, 2, 3].map(() => c.request({ method: 'POST', url: bulk, body, dedupeKey: 'bulk lodash@4.17.20' })));
    assert.equal(logged().length, 1);
  });

  it('times out a request that never answers, and retries timeouts', async () => {
    registry.addFault({ endpoint: 'certificate', fault: { kind: 'timeout' } });
    const c = client({ requestTimeoutMs: 300, maxAttempts: 1 });
    const started = Date.now();
    const result = await get(c, cert());
    const elapsed = Date.now() - started;
    assert.equal(!result.ok && result.kind, 'timeout');
    assert.ok(elapsed >= 290 && elapsed < 2000, `elapsed ${elapsed} ms`);

    registry.clearLog();
    const retrying = client({ requestTimeoutMs: 200, maxAttempts: 2 });
    const again = await get(retrying, cert());
    assert.equal(!again.ok && again.kind, 'timeout');
    assert.equal(logged().length, 2);
  });

  it('retries a connection reset mid-body and succeeds; reports reset when it persists', async () => {
    registry.addFault({ endpoint: 'certificate', times: 1, fault: { kind: 'reset' } });
    const c = client();
    const result = await get(c, cert());
    assert.equal(result.ok && result.status, 200);
    assert.equal(logged().length, 2);
    assert.equal(c.stats().retries, 1);

    registry.clearLog();
    registry.addFault({ endpoint: 'certificate', fault: { kind: 'reset' } });
    const failing = await get(client({ maxAttempts: 3 }), cert());
    assert.equal(!failing.ok && failing.kind, 'reset');
    assert.equal(logged().length, 3);
  });

  it('fails fast on connection refused: no retry storm', async () => {
    await registry.pause();
    try {
      const c = client({ maxAttempts: 3 });
      const started = Date.now();
      const result = await get(c, cert());
      assert.equal(!result.ok && result.kind, 'refused');
      assert.equal(c.stats().requestsSent, 1);
      assert.ok(Date.now() - started < 1000);
      assert.doesNotMatch(result.ok ? '' : result.message, /\?|token/i);
    } finally {
      await registry.resume();
    }
  });

  it('retries 429 after the Retry-After seconds, then succeeds', async () => {
    registry.addFault({ endpoint: 'certificate', times: 1, fault: { kind: 'status', status: 429, retryAfter: '1' } });
    const result = await get(client(), cert());
    assert.equal(result.ok && result.status, 200);
    const [first, second] = logged();
    assert.ok(first && second);
    const gap = second.startedAt - (first.finishedAt ?? first.startedAt);
    assert.ok(gap >= 990 && gap < 1800, `gap ${gap} ms`);
  });

  it('retries 503 with a Retry-After HTTP-date', async () => {
    const at = new Date(Math.ceil((Date.now() + 1500) / 1000) * 1000);
    registry.addFault({ endpoint: 'certificate', times: 1, fault: { kind: 'status', status: 503, retryAfter: at.toUTCString() } });
    const result = await get(client(), cert());
    assert.equal(result.ok && result.status, 200);
    const second = logged()[1];
    assert.ok(second);
    assert.ok(second.startedAt >= at.getTime() - 10 && second.startedAt < at.getTime() + 800, `${second.startedAt - at.getTime()} ms after the date`);
  });

  it('backs off exponentially between 503s without Retry-After, then reports kind http', async () => {
    registry.addFault({ endpoint: 'certificate', fault: { kind: 'status', status: 503 } });
    const result = await get(client({ retryBaseDelayMs: 100, maxAttempts: 3 }), cert());
    assert.deepEqual(!result.ok && { kind: result.kind, status: result.status }, { kind: 'http', status: 503 });
    const log = logged();
    assert.equal(log.length, 3);
    const gaps = [1, 2].map((i) => (log[i]?.startedAt ?? 0) - (log[i - 1]?.finishedAt ?? 0));
    // random() = 1 pins the jitter at its ceiling: 100 ms, then 200 ms.
    assert.ok((gaps[0] ?? 0) >= 95 && (gaps[0] ?? 0) < 600, `first gap ${gaps[0]}`);
    assert.ok((gaps[1] ?? 0) >= 195 && (gaps[1] ?? 0) < 700, `second gap ${gaps[1]}`);
  });

  it('gives up at once when Retry-After asks for longer than the cap', async () => {
    registry.addFault({ endpoint: 'certificate', fault: { kind: 'status', status: 429, retryAfter: '3600' } });
    const started = Date.now();
    const result = await get(client(), cert());
    assert.deepEqual(!result.ok && { kind: result.kind, status: result.status }, { kind: 'http', status: 429 });
    assert.equal(logged().length, 1);
    assert.ok(Date.now() - started < 1000);
  });

  it('retries 500 once, then reports kind http; other 4xx are answers, never retried', async () => {
    registry.addFault({ endpoint: 'certificate', fault: { kind: 'status', status: 500 } });
    const c = client({ maxAttempts: 3 });
    const result = await get(c, cert());
    assert.deepEqual(!result.ok && { kind: result.kind, status: result.status }, { kind: 'http', status: 500 });
    assert.equal(logged().length, 2);

    registry.clearFaults();
    registry.clearLog();
    registry.addFault({ endpoint: 'certificate', fault: { kind: 'status', status: 403, body: '{"error":"forbidden"}' } });
    const forbidden = await get(c, cert());
    assert.deepEqual(forbidden.ok && { status: forbidden.status, json: forbidden.json }, { status: 403, json: undefined });
    assert.equal(logged().length, 1);
  });

  it('reports a 200 HTML page as invalid-json, without retrying', async () => {
    registry.addFault({ endpoint: 'certificate', fault: { kind: 'non-json' } });
    const result = await get(client(), cert());
    assert.equal(!result.ok && result.kind, 'invalid-json');
    assert.equal(logged().length, 1);
  });

  it('returns JSON that is not an object as is: the caller validates', async () => {
    const c = client();
    registry.addFault({ endpoint: 'certificate', times: 1, fault: { kind: 'non-object' } });
    const array = await get(c, cert());
    assert.deepEqual(array.ok && array.json, [1, 2]);
    registry.addFault({ endpoint: 'certificate', times: 1, fault: { kind: 'non-object', body: '"x"' } });
    const text = await get(c, cert('4.17.20'));
    assert.deepEqual(text.ok && text.json, 'x');
  });

  it('stops reading an oversized body at the cap', async () => {
    registry.addFault({ endpoint: 'certificate', fault: { kind: 'oversized' } });
    const c = client();
    const started = Date.now();
    const result = await get(c, cert());
    assert.equal(!result.ok && result.kind, 'too-large');
    assert.ok(Date.now() - started < 3000);
    const small = await get(c, cert('4.17.20'), { maxBytes: 100 });
    assert.equal(!small.ok && small.kind, 'too-large');
  });

  it('refuses a declared Content-Length over the cap without reading the body', async () => {
    registry.addFault({ endpoint: 'certificate', fault: { kind: 'oversized', declareLength: true, bytes: 5_000_000 } });
    const result = await get(client(), cert(), { maxBytes: 1_000_000 });
    assert.equal(!result.ok && result.kind, 'too-large');
    assert.match(!result.ok ? result.message : '', /5000000 bytes/);
  });

  it('accepts a slow trickle that ends within the time limit', async () => {
    registry.addFault({ endpoint: 'certificate', fault: { kind: 'trickle', chunkBytes: 256, intervalMs: 20 } });
    const result = await get(client({ requestTimeoutMs: 4000 }), cert());
    assert.equal(result.ok && (result.json as { packageName: string }).packageName, 'lodash');
  });

  it('times out a trickle that outlasts the limit, although bytes keep coming', async () => {
    registry.addFault({ endpoint: 'certificate', fault: { kind: 'trickle', chunkBytes: 8, intervalMs: 40 } });
    const started = Date.now();
    const result = await get(client({ requestTimeoutMs: 400, maxAttempts: 1 }), cert());
    assert.equal(!result.ok && result.kind, 'timeout');
    assert.ok(Date.now() - started < 1500);
  });

  it('decodes a gzip body sent without a content-encoding header', async () => {
    registry.addFault({ endpoint: 'certificate', fault: { kind: 'gzip-no-header' } });
    const result = await get(client(), cert());
    assert.equal(result.ok && (result.json as { packageName: string }).packageName, 'lodash');
  });

  it('sends a gzip request body with the right headers', async () => {
    const body = JSON.stringify({ lodash: ['4.17.20'], minimist: ['1.2.5'] });
    const result = await client().request({ method: 'POST', url: `${registry.url}/-/npm/v1/security/advisories/bulk`, body, gzipBody: true });
    assert.equal(result.ok && result.status, 200);
    assert.equal(typeof (result.ok && result.json), 'object');
    const [request] = logged();
    assert.equal(request?.bodyWasGzip, true);
    assert.equal(request?.body, body);
    assert.equal(request?.headers['content-type'], 'application/json');
    assert.equal(request?.headers['content-encoding'], 'gzip');
  });

  it("sends a request asking to go first ahead of the host's queued ones, in their own order, never over the limit", async () => {
    registry.setLatency(30);
    const c = client({ maxConcurrentRequests: 1 });
    const holding = get(c, cert('9.6.0'));
    await registry.waitForRequest();
    const rest = [
      get(c, cert('9.6.1')),
      get(c, cert('9.6.2')),
      get(c, cert('9.6.3'), { priority: 'first' }),
      get(c, cert('9.6.4')),
      get(c, cert('9.6.5'), { priority: 'first' }),
    ];
    await Promise.all([holding, ...rest]);
    assert.deepEqual(
      logged().map((r) => r.version),
      ['9.6.0', '9.6.3', '9.6.5', '9.6.1', '9.6.2', '9.6.4'],
    );
    assert.equal(registry.maxInFlight(), 1);
  });

  it('narrows what a host may have in flight after 429s and widens it again with answers, never over maxConcurrentRequests', async () => {
    registry.setLatency(10);
    registry.addFault({ endpoint: 'certificate', times: 8, fault: { kind: 'status', status: 429, retryAfter: '0' } });
    const c = client({ maxConcurrentRequests: 8 });
    const host = new URL(registry.url).host;
    const first = await Promise.all(Array.from({ length: 8 }, (_, i) => get(c, cert(`9.5.${i}`))));
    assert.ok(first.every((r) => r.ok && r.status === 404));
    // The round of eight 429s halved the window once (8 → 4); eight answers grew it to 5.
    assert.equal(c.stats().allowed[host], 5);
    registry.resetStats();
    await Promise.all(Array.from({ length: 6 }, (_, i) => get(c, cert(`9.4.${i}`))));
    assert.ok(registry.maxInFlight() <= 6, `max in flight ${registry.maxInFlight()} while congested`);
    await Promise.all(Array.from({ length: 60 }, (_, i) => get(c, cert(`9.3.${i}`))));
    assert.equal(c.stats().allowed[host], 8);
    assert.ok(c.stats().maxInFlight[host] <= 8);
  });

  it('takes an aborted request out of the queue without sending it', async () => {
    // The first request holds the only slot until it is aborted too, so the queued one can only end
    // early by leaving the queue: signals, not a clock (a time bound can fail on a loaded machine).
    registry.addFault({ endpoint: 'certificate', version: '4.17.21', fault: { kind: 'timeout' } });
    const c = client({ maxConcurrentRequests: 1, requestTimeoutMs: 60_000 });
    const firstController = new AbortController();
    let firstSettled = false;
    const first = get(c, cert(), { signal: firstController.signal }).finally(() => (firstSettled = true));
    const controller = new AbortController();
    const second = get(c, cert('4.17.20'), { signal: controller.signal });
    await registry.waitForRequest();
    assert.deepEqual(c.stats().queued, { [new URL(registry.url).host]: 1 });
    controller.abort();
    const aborted = await second;
    assert.equal(!aborted.ok && aborted.kind, 'aborted');
    assert.equal(firstSettled, false, 'the queued request ended while the slot was still taken');
    firstController.abort();
    const firstResult = await first;
    assert.equal(!firstResult.ok && firstResult.kind, 'aborted');
    assert.equal(logged().length, 1);
    assert.equal(c.stats().requestsSent, 1);
  });

  it('aborts a request in flight at once, and frees its slot', async () => {
    registry.addFault({ endpoint: 'certificate', fault: { kind: 'timeout' } });
    // The registry never answers and the request timeout is beyond the test's own, so only the abort
    // can end the request: 'aborted' here means at once, without a clock (a time bound can fail under load).
    const c = client({ maxConcurrentRequests: 1, requestTimeoutMs: 60_000 });
    const controller = new AbortController();
    const pending = get(c, cert(), { signal: controller.signal });
    await registry.waitForRequest();
    controller.abort();
    const result = await pending;
    assert.equal(!result.ok && result.kind, 'aborted');
    // With one slot per host, this only gets through once the aborted request has let go of it.
    const next = await get(c, `${registry.url}/api/v1/public/packages/stats`);
    assert.equal(next.ok && next.status, 200);
    assert.ok(registry.requests[0]?.finishedAt !== undefined, 'the registry saw the aborted connection close');
  });

  it('keeps a shared request running for the callers that did not abort', async () => {
    registry.setLatency(150);
    const c = client();
    const quitter = new AbortController();
    const stayer = new AbortController();
    const a = get(c, cert(), { signal: quitter.signal });
    const b = get(c, cert(), { signal: stayer.signal });
    await registry.waitForRequest();
    quitter.abort();
    assert.equal((await a).ok, false);
    const kept = await b;
    assert.equal(kept.ok && kept.status, 200);
    assert.equal(logged().length, 1);
    assert.equal(logged()[0]?.status, 200, 'the registry answered: the request was not cut');
  });

  it('refuses plain HTTP to a non-loopback host without sending anything, even through a proxy', async () => {
    // The registry as "proxy": had the client sent anything, it would be in the registry's log.
    const c = client({ proxyUrl: registry.url });
    for (const url of ['http://api.soulbyte.tech/api/v1/public/packages/stats', 'ftp://127.0.0.1/x']) {
      const result = await get(c, url);
      assert.equal(!result.ok && result.kind, 'insecure', url);
    }
    assert.equal(c.stats().requestsSent, 0);
    assert.equal(registry.requests.length, 0);
  });

  it('keeps secrets out of messages and log lines', async () => {
    const lines: string[] = [];
    const logger = { info: () => undefined, warn: () => undefined, error: () => undefined, debug: (line: string) => lines.push(line) };
    const c = client({ logger, maxAttempts: 1 });
    const headers = { authorization: 'Bearer SECRET-TOKEN' };
    const answered = await get(c, `${cert()}?key=SECRET-QUERY`, { headers });
    assert.equal(answered.ok, true);
    await registry.pause();
    try {
      const failed = await get(c, `${cert('4.17.20')}?key=SECRET-QUERY`, { headers });
      assert.equal(failed.ok, false);
      assert.doesNotMatch(failed.ok ? '' : failed.message, /SECRET/);
      assert.match(failed.ok ? '' : failed.message, /^GET http:\/\/127\.0\.0\.1:\d+\/api\/v1\/public\/packages\/npm\/lodash\/4\.17\.20: connection refused/);
    } finally {
      await registry.resume();
    }
    assert.equal(lines.length, 2);
    assert.match(lines[0] ?? '', /^GET http:\/\/127\.0\.0\.1:\d+\/api\/v1\/public\/packages\/npm\/lodash\/4\.17\.21 200 \d+ms attempt 1$/);
    assert.match(lines[1] ?? '', / refused \d+ms attempt 1$/);
    assert.ok(lines.every((line) => !line.includes('SECRET')));
  });

  it('ends everything on close(): pending requests resolve as aborted, later ones are refused', async () => {
    registry.addFault({ endpoint: 'certificate', fault: { kind: 'timeout' } });
    registry.setLatency(0);
    const c = createHttpClient({ useEnvProxy: false, maxConcurrentRequests: 1 });
    const inFlight = get(c, cert());
    const queued = get(c, cert('4.17.20'));
    await registry.waitForRequest();
    await c.close();
    assert.deepEqual(await Promise.all([inFlight, queued]).then((all) => all.map((r) => !r.ok && r.kind)), ['aborted', 'aborted']);
    const late = await get(c, cert());
    assert.equal(!late.ok && late.kind, 'aborted');
  });

  // The rate is printed for the record, not asserted: a floor of 100 requests/s failed at 74 on a shared
  // 2-core machine at load ~20 with nothing wrong. Timing targets live in bench/ (CONTRIBUTING.md); what
  // is checked here does not depend on the machine: every request answered, never more than 8 in flight.
  it('answers 1 000 requests from 16 callers with at most 8 in flight, and prints the rate', async function () {
    // 2 000 requests took 25 s at load ~20 on 2 cores; half as many keep the test short on such a day.
    this.timeout(120_000);
    const c = client({ maxConcurrentRequests: 8 });
    const total = 1000;
    registry.resetStats();
    const started = performance.now();
    let next = 0;
    // 16 callers keep the queue full; distinct URLs so that dedupe does not help.
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        while (next < total) {
          const i = next++;
          const result = await get(c, `${cert()}?n=${i}`);
          assert.equal(result.ok && result.status, 200);
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    const perSecond = total / seconds;
    console.log(`      ${total} requests in ${seconds.toFixed(2)} s: ${perSecond.toFixed(0)} requests/s (8 per host)`);
    assert.equal(logged().length, total);
    // The registry counts a request until its response's 'close' event, which can come after the client
    // already started the next one (test/reliability/load.test.ts): one over the limit is that race.
    assert.ok(registry.maxInFlight() <= 8 + 1, `${registry.maxInFlight()} in flight`);
  });
});
