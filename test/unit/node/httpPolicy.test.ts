import * as assert from 'node:assert/strict';
import { matchesNoProxy, resolveProxy } from '../../../shared/node/http/proxy';
import { attemptLimit, parseRetryAfter, retryDelay, type RetryPolicy } from '../../../shared/node/http/retry';
import { displayUrl, headersForRedirect, urlRefusal } from '../../../shared/node/http/urlPolicy';
import { HostLimiter } from '../../../shared/node/http/hostLimiter';
import { failureKindOf } from '../../../shared/node/http/errorKind';

const u = (text: string): URL => new URL(text);

describe('node/http policy (pure)', () => {
  describe('NO_PROXY matching', () => {
    const cases: Array<[string, string[], boolean]> = [
      ['https://api.soulbyte.tech/x', ['*'], true],
      ['https://api.soulbyte.tech/x', ['soulbyte.tech'], true],
      ['https://soulbyte.tech/x', ['soulbyte.tech'], true],
      ['https://notsoulbyte.tech/x', ['soulbyte.tech'], false],
      ['https://build.corp/x', ['.corp'], true],
      ['https://a.b.corp/x', ['.corp'], true],
      ['https://corp/x', ['.corp'], true],
      ['https://corporate.com/x', ['.corp'], false],
      ['https://a.internal/x', ['*.internal'], true],
      ['https://API.Soulbyte.TECH/x', ['api.SOULBYTE.tech'], true],
      ['https://registry.example:8443/x', ['registry.example:8443'], true],
      ['https://registry.example:8443/x', ['registry.example:443'], false],
      ['https://registry.example/x', ['registry.example:443'], true],
      ['http://registry.example/x', ['registry.example:80'], true],
      ['https://10.1.2.3/x', ['10.1.2.3'], true],
      ['https://10.1.2.30/x', ['10.1.2.3'], false],
      ['https://[2001:db8::1]/x', ['2001:db8::1'], true],
      ['https://[2001:db8::1]:8443/x', ['[2001:db8::1]:8443'], true],
      ['https://pypi.org/x', ['', ' ', '.'], false],
      ['https://pypi.org/x', [], false],
    ];
    for (const [url, entries, expected] of cases) {
      it(`${url} with ${JSON.stringify(entries)} → ${expected ? 'direct' : 'proxied'}`, () => {
        assert.equal(matchesNoProxy(u(url), entries), expected);
      });
    }
  });

  describe('resolveProxy', () => {
    const env = { HTTPS_PROXY: 'http://proxy.corp:3128', HTTP_PROXY: 'http://plain.corp:8080', NO_PROXY: 'internal.corp, .lan' };
    it('uses HTTPS_PROXY for HTTPS targets, only when env proxies are enabled', () => {
      assert.equal(resolveProxy(u('https://pypi.org/'), { useEnvProxy: true, env }), 'http://proxy.corp:3128');
      assert.equal(resolveProxy(u('https://pypi.org/'), { useEnvProxy: false, env }), undefined);
    });
    it('falls back to HTTP_PROXY for HTTPS targets, and prefers lower-case names', () => {
      assert.equal(resolveProxy(u('https://pypi.org/'), { useEnvProxy: true, env: { HTTP_PROXY: 'http://p:1' } }), 'http://p:1');
      assert.equal(resolveProxy(u('https://pypi.org/'), { useEnvProxy: true, env: { https_proxy: 'http://lower:1', HTTPS_PROXY: 'http://upper:1' } }), 'http://lower:1');
    });
    it('honours NO_PROXY from the environment and the noProxy setting', () => {
      assert.equal(resolveProxy(u('https://internal.corp/'), { useEnvProxy: true, env }), undefined);
      assert.equal(resolveProxy(u('https://box.lan/'), { useEnvProxy: true, env }), undefined);
      assert.equal(resolveProxy(u('https://pypi.org/'), { proxyUrl: 'http://vs:1', noProxy: ['pypi.org'] }), undefined);
    });
    it('prefers the explicit proxy setting over the environment', () => {
      assert.equal(resolveProxy(u('https://pypi.org/'), { proxyUrl: 'http://vs:1', useEnvProxy: true, env }), 'http://vs:1');
    });
    it('reads a proxy written without a scheme as an HTTP proxy', () => {
      assert.equal(resolveProxy(u('https://pypi.org/'), { proxyUrl: 'proxy.corp:3128' }), 'http://proxy.corp:3128');
      assert.equal(resolveProxy(u('https://pypi.org/'), { useEnvProxy: true, env: { HTTPS_PROXY: 'https://secure.corp:443' } }), 'https://secure.corp:443');
    });
    it('never proxies loopback', () => {
      for (const host of ['127.0.0.1', 'localhost', '[::1]', '127.8.9.10']) {
        assert.equal(resolveProxy(u(`http://${host}:4873/`), { proxyUrl: 'http://vs:1', useEnvProxy: true, env }), undefined, host);
      }
    });
  });

  describe('URL policy', () => {
    it('allows HTTPS anywhere, plain HTTP only on loopback, nothing else', () => {
      assert.equal(urlRefusal(u('https://api.soulbyte.tech/')), undefined);
      assert.equal(urlRefusal(u('http://127.0.0.1:9/')), undefined);
      assert.equal(urlRefusal(u('http://[::1]:9/')), undefined);
      assert.match(urlRefusal(u('http://api.soulbyte.tech/')) ?? '', /HTTPS/);
      assert.match(urlRefusal(u('ftp://127.0.0.1/')) ?? '', /protocol/);
      assert.match(urlRefusal(u('file:///etc/passwd')) ?? '', /protocol/);
    });
    it('shows only origin and path: no user info, no query, no fragment', () => {
      assert.equal(displayUrl(u('https://user:secret@api.example/a/b?token=abc#frag')), 'https://api.example/a/b');
    });
    it('drops credentials and configured headers only when a redirect leaves the origin', () => {
      const headers = { authorization: 'Bearer t', cookie: 'c', 'x-api-key': 'k', accept: 'application/json' };
      const sensitive = new Set(['x-api-key']);
      assert.deepEqual(headersForRedirect(headers, u('https://a.example/x'), u('https://a.example/y'), sensitive), headers);
      assert.deepEqual(headersForRedirect(headers, u('https://a.example/x'), u('https://b.example/y'), sensitive), { accept: 'application/json' });
      assert.deepEqual(headersForRedirect(headers, u('https://a.example/x'), u('https://a.example:8443/y'), sensitive), { accept: 'application/json' });
    });
  });

  describe('retry policy', () => {
    const policy: RetryPolicy = { maxAttempts: 3, baseDelayMs: 100, maxDelayMs: 1000, maxRetryAfterMs: 30_000, random: () => 0.5 };
    it('retries timeouts, resets, 429 and 503 fully; 500/502/504 once; nothing else', () => {
      assert.equal(attemptLimit({ kind: 'timeout' }, policy), 3);
      assert.equal(attemptLimit({ kind: 'reset' }, policy), 3);
      for (const kind of ['refused', 'dns', 'tls', 'too-large', 'invalid-json', 'other'] as const) assert.equal(attemptLimit({ kind }, policy), 1, kind);
      assert.equal(attemptLimit({ status: 429 }, policy), 3);
      assert.equal(attemptLimit({ status: 503 }, policy), 3);
      for (const status of [500, 502, 504]) assert.equal(attemptLimit({ status }, policy), 2);
      for (const status of [400, 401, 403, 404, 501]) assert.equal(attemptLimit({ status }, policy), 1);
    });
    it('backs off exponentially with full jitter, capped', () => {
      assert.equal(retryDelay(1, undefined, policy, 0), 50);
      assert.equal(retryDelay(2, undefined, policy, 0), 100);
      assert.equal(retryDelay(3, undefined, policy, 0), 200);
      assert.equal(retryDelay(10, undefined, policy, 0), 500);
      assert.equal(retryDelay(3, undefined, { ...policy, random: () => 0 }, 0), 0);
    });
    it('honours Retry-After in seconds or as an HTTP-date, and gives up when it asks for too long', () => {
      const now = Date.parse('2025-01-01T00:00:00Z');
      assert.equal(parseRetryAfter('2', now), 2000);
      assert.equal(parseRetryAfter('Wed, 01 Jan 2025 00:00:05 GMT', now), 5000);
      assert.equal(parseRetryAfter('Tue, 31 Dec 2024 23:00:00 GMT', now), 0);
      assert.equal(parseRetryAfter('soon', now), undefined);
      assert.equal(parseRetryAfter('-1', now), undefined);
      assert.equal(parseRetryAfter('2025-01-01', now), undefined);
      assert.equal(retryDelay(1, '3', policy, now), 3000);
      assert.equal(retryDelay(1, '31', policy, now), undefined);
      assert.equal(retryDelay(1, 'garbage', policy, now), 50, 'unreadable: ordinary backoff');
    });
  });

  describe('host limiter', () => {
    it('grants in arrival order, never over the limit, and drops aborted waiters', async () => {
      const limiter = new HostLimiter(2);
      const order: string[] = [];
      const a = await limiter.acquire('h');
      const b = await limiter.acquire('h');
      const aborter = new AbortController();
      const waits = ['c', 'd', 'e'].map((name) =>
        limiter.acquire('h', name === 'd' ? aborter.signal : undefined).then((release) => {
          order.push(release ? name : `${name}:aborted`);
          return release;
        }),
      );
      assert.deepEqual(limiter.queued(), { h: 3 });
      aborter.abort();
      await waits[1];
      assert.deepEqual(limiter.queued(), { h: 2 });
      a?.();
      b?.();
      const [c, , e] = await Promise.all(waits);
      assert.deepEqual(order, ['d:aborted', 'c', 'e']);
      assert.deepEqual(limiter.inFlight(), { h: 2 });
      assert.deepEqual(limiter.maxInFlight(), { h: 2 });
      c?.();
      c?.(); // releasing twice must not free a second slot
      e?.();
      assert.deepEqual(limiter.inFlight(), { h: 0 });
    });
  });

  describe('error classification', () => {
    it('looks through undici cause chains', () => {
      const refused = Object.assign(new Error('connect'), { code: 'ECONNREFUSED' });
      assert.equal(failureKindOf(new TypeError('fetch failed', { cause: refused })), 'refused');
      assert.equal(failureKindOf(Object.assign(new Error('x'), { code: 'UND_ERR_SOCKET' })), 'reset');
      assert.equal(failureKindOf(Object.assign(new Error('x'), { code: 'DEPTH_ZERO_SELF_SIGNED_CERT' })), 'tls');
      assert.equal(failureKindOf(Object.assign(new Error('x'), { code: 'ENOTFOUND' })), 'dns');
      assert.equal(failureKindOf(new Error('plain')), 'other');
    });
  });
});
