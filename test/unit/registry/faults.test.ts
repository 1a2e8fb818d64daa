import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { gunzipSync } from 'node:zlib';
import { startRegistry } from '../../registry/index';
import type { LocalRegistry } from '../../registry/index';
import { send } from './http';

const CERT = '/api/v1/public/packages';
const EXPRESS = `${CERT}/npm/express/4.19.2`;

/** A request whose outcome is observed later: resolves with the status, or with the error code. */
function pending(baseUrl: string, path: string): Promise<string> {
  return send(baseUrl, path).then(
    (res) => `status ${res.status}`,
    (error: NodeJS.ErrnoException) => `error ${error.code ?? error.message}`,
  );
}

describe('local registry: faults', () => {
  let registry: LocalRegistry;
  beforeEach(async () => {
    registry = await startRegistry();
  });
  afterEach(async () => {
    await registry.close();
  });

  it('latency: delays the answer by at least the fault plus the base latency', async () => {
    registry.setLatency(60);
    registry.addFault({ endpoint: 'certificate', fault: { kind: 'latency', ms: 120 } });
    const started = Date.now();
    const res = await send(registry.url, EXPRESS);
    assert.equal(res.status, 200);
    assert.ok(Date.now() - started >= 180, `took ${Date.now() - started} ms`);
    assert.equal(registry.requests[0]?.fault, 'latency');
  });

  it('base latency applies to every request and can be set at start', async () => {
    const slow = await startRegistry({ latencyMs: 80 });
    try {
      const started = Date.now();
      assert.equal((await send(slow.url, '/lodash')).status, 200);
      assert.ok(Date.now() - started >= 80);
    } finally {
      await slow.close();
    }
  });

  it('timeout: never answers until the registry pauses', async () => {
    registry.addFault({ endpoint: 'certificate', fault: { kind: 'timeout' } });
    const outcome = pending(registry.url, EXPRESS);
    const logged = await registry.waitForRequest((r) => r.fault === 'timeout');
    // Another request is answered while the first one still waits.
    assert.equal((await send(registry.url, '/lodash')).status, 200);
    assert.equal(logged.status, 0);
    await registry.pause();
    assert.equal(await outcome, 'error ECONNRESET');
  });

  it('reset: sends headers and part of the body, then destroys the socket', async () => {
    registry.addFault({ endpoint: 'certificate', fault: { kind: 'reset' } });
    const { status, length, received, error } = await new Promise<{ status: number; length: number; received: number; error: string }>((resolve) => {
      const url = new URL(registry.url);
      const req = httpRequest({ host: url.hostname, port: url.port, path: EXPRESS, agent: false }, (res) => {
        let received = 0;
        res.on('data', (chunk: Buffer) => (received += chunk.length));
        res.on('error', (err: NodeJS.ErrnoException) =>
          resolve({ status: res.statusCode ?? 0, length: Number(res.headers['content-length']), received, error: err.code ?? err.message }),
        );
        res.on('end', () => resolve({ status: res.statusCode ?? 0, length: Number(res.headers['content-length']), received, error: 'none' }));
      });
      req.end();
    });
    assert.equal(status, 200);
    assert.ok(received > 0 && received < length, `${received} of ${length}`);
    assert.equal(error, 'ECONNRESET');
  });

  it('status: 429 with Retry-After, 503 without, 500 with a custom body', async () => {
    registry.addFault({ endpoint: 'certificate', times: 1, fault: { kind: 'status', status: 429, retryAfter: '2' } });
    registry.addFault({ endpoint: 'certificate', times: 1, fault: { kind: 'status', status: 503 } });
    registry.addFault({ endpoint: 'certificate', times: 1, fault: { kind: 'status', status: 500, body: '<h1>oops</h1>' } });
    const first = await send(registry.url, EXPRESS);
    assert.equal(first.status, 429);
    assert.equal(first.headers['retry-after'], '2');
    const second = await send(registry.url, EXPRESS);
    assert.equal(second.status, 503);
    assert.equal(second.headers['retry-after'], undefined);
    assert.equal(typeof (second.json() as { error: string }).error, 'string');
    const third = await send(registry.url, EXPRESS);
    assert.equal(third.status, 500);
    assert.equal(third.text(), '<h1>oops</h1>');
    assert.equal((await send(registry.url, EXPRESS)).status, 200);
    assert.deepEqual(registry.requests.map((r) => r.status), [429, 503, 500, 200]);
  });

  it('non-json: 200 with an HTML page', async () => {
    registry.addFault({ fault: { kind: 'non-json' } });
    const res = await send(registry.url, EXPRESS);
    assert.equal(res.status, 200);
    assert.match(String(res.headers['content-type']), /^text\/html/);
    assert.throws(() => res.json(), SyntaxError);
    registry.clearFaults();
    registry.addFault({ fault: { kind: 'non-json', contentType: 'application/json' } });
    assert.equal((await send(registry.url, EXPRESS)).headers['content-type'], 'application/json');
  });

  it('non-object: 200 with JSON that is not an object', async () => {
    registry.addFault({ times: 1, fault: { kind: 'non-object' } });
    registry.addFault({ times: 1, fault: { kind: 'non-object', body: '"x"' } });
    assert.deepEqual((await send(registry.url, EXPRESS)).json(), [1, 2]);
    assert.equal((await send(registry.url, EXPRESS)).json(), 'x');
  });

  it('oversized: a valid JSON object of the asked size, chunked by default', async () => {
    registry.addFault({ times: 1, fault: { kind: 'oversized', bytes: 3_000_000 } });
    registry.addFault({ times: 1, fault: { kind: 'oversized', bytes: 1_000_000, declareLength: true } });
    const chunked = await send(registry.url, EXPRESS);
    assert.equal(chunked.status, 200);
    assert.equal(chunked.body.length, 3_000_000);
    assert.equal(chunked.headers['content-length'], undefined);
    const parsed = chunked.json() as Record<string, unknown>;
    assert.equal(parsed.packageName, 'express');
    const declared = await send(registry.url, EXPRESS);
    assert.equal(declared.headers['content-length'], '1000000');
    assert.equal(declared.body.length, 1_000_000);
  });

  it('oversized: defaults to 20 MB', async () => {
    registry.addFault({ fault: { kind: 'oversized' } });
    assert.equal((await send(registry.url, EXPRESS)).body.length, 20 * 1024 * 1024);
  });

  it('trickle: the normal body, a few bytes at a time', async () => {
    const normal = await send(registry.url, `${CERT}/npm/ms/2.1.3`);
    registry.addFault({ fault: { kind: 'trickle', chunkBytes: 64, intervalMs: 5 } });
    const started = Date.now();
    const slow = await send(registry.url, `${CERT}/npm/ms/2.1.3`);
    const expectedChunks = Math.ceil(normal.body.length / 64);
    assert.deepEqual(slow.body, normal.body);
    assert.ok(slow.chunks > 1, `${slow.chunks} chunks`);
    assert.ok(Date.now() - started >= (expectedChunks - 1) * 5);
  });

  it('identity-mismatch: another real certificate, also for an uncertified version', async () => {
    registry.addFault({ endpoint: 'certificate', fault: { kind: 'identity-mismatch' } });
    const certified = (await send(registry.url, EXPRESS)).json() as Record<string, unknown>;
    assert.notEqual(certified.packageName, 'express');
    assert.equal(certified.registrySource, 'npm');
    const uncertified = await send(registry.url, `${CERT}/pypi/django/4.2.11`);
    assert.equal(uncertified.status, 200);
    const body = uncertified.json() as Record<string, unknown>;
    assert.equal(body.registrySource, 'pypi');
    assert.notEqual(String(body.packageName).toLowerCase(), 'django');
  });

  it('identity-mismatch: renames PyPI releases and packuments', async () => {
    registry.addFault({ fault: { kind: 'identity-mismatch' } });
    const release = (await send(registry.url, '/pypi/requests/2.31.0/json')).json() as { info: { name: string; version: string } };
    assert.deepEqual([release.info.name, release.info.version], ['impostor-package', '0.0.0-impostor']);
    assert.equal(((await send(registry.url, '/lodash')).json() as { name: string }).name, 'impostor-package');
  });

  it('gzip-no-header: the normal body gzipped, without Content-Encoding', async () => {
    registry.addFault({ fault: { kind: 'gzip-no-header' } });
    const res = await send(registry.url, EXPRESS);
    assert.equal(res.status, 200);
    assert.equal(res.headers['content-encoding'], undefined);
    assert.equal((JSON.parse(gunzipSync(res.body).toString('utf8')) as { packageName: string }).packageName, 'express');
  });

  describe('matching', () => {
    const status503 = { kind: 'status', status: 503 } as const;

    it('times: applies to that many matching requests only', async () => {
      registry.addFault({ times: 2, fault: status503 });
      const statuses = [];
      for (let i = 0; i < 3; i++) statuses.push((await send(registry.url, EXPRESS)).status);
      assert.deepEqual(statuses, [503, 503, 200]);
    });

    it('by endpoint, registry, package and version', async () => {
      registry.addFault({ endpoint: 'verify', fault: status503 });
      registry.addFault({ registry: 'pypi', package: 'numpy', fault: status503 });
      registry.addFault({ package: 'lodash', version: '4.17.21', fault: status503 });
      assert.equal((await send(registry.url, EXPRESS)).status, 200);
      assert.equal((await send(registry.url, `${EXPRESS}/verify`)).status, 503);
      assert.equal((await send(registry.url, `${CERT}/pypi/numpy/1.26.4`)).status, 503);
      assert.equal((await send(registry.url, '/pypi/numpy/json')).status, 503);
      assert.equal((await send(registry.url, `${CERT}/pypi/pandas/2.2.1`)).status, 200);
      assert.equal((await send(registry.url, `${CERT}/npm/lodash/4.17.21`)).status, 503);
      assert.equal((await send(registry.url, `${CERT}/npm/lodash/4.17.20`)).status, 200);
    });

    it('compares PyPI package names PEP 503 normalised', async () => {
      registry.addFault({ package: 'Flask_SQLAlchemy', fault: status503 });
      assert.equal((await send(registry.url, `${CERT}/pypi/flask-sqlalchemy/3.1.1`)).status, 503);
      assert.equal((await send(registry.url, '/pypi/FLASK.SQLALCHEMY/json')).status, 503);
    });

    it('matches npmBulk requests by the names and versions in the body', async () => {
      registry.addFault({ endpoint: 'npmBulk', package: 'minimist', fault: status503 });
      const post = (body: object) =>
        send(registry.url, '/-/npm/v1/security/advisories/bulk', { method: 'POST', body: JSON.stringify(body) });
      assert.equal((await post({ lodash: ['4.17.20'] })).status, 200);
      assert.equal((await post({ lodash: ['4.17.20'], minimist: ['1.2.5'] })).status, 503);
    });

    it('the remover and clearFaults take rules away', async () => {
      const remove = registry.addFault({ fault: status503 });
      assert.equal((await send(registry.url, EXPRESS)).status, 503);
      remove();
      assert.equal((await send(registry.url, EXPRESS)).status, 200);
      registry.addFault({ fault: status503 });
      registry.clearFaults();
      assert.equal((await send(registry.url, EXPRESS)).status, 200);
    });
  });

  describe('maxInFlight', () => {
    it('counts concurrent requests overall and per endpoint, and resets to what is in flight', async () => {
      registry.addFault({ endpoint: 'certificate', fault: { kind: 'timeout' } });
      const held = [pending(registry.url, EXPRESS), pending(registry.url, EXPRESS), pending(registry.url, EXPRESS)];
      await registry.waitForRequest(() => registry.requests.length === 3);
      assert.equal(registry.maxInFlight('certificate'), 3);
      assert.equal(registry.maxInFlight('stats'), 0);
      assert.equal((await send(registry.url, `${CERT}/stats`)).status, 200);
      assert.equal(registry.maxInFlight(), 4);
      assert.equal(registry.maxInFlight('stats'), 1);
      registry.resetStats();
      assert.equal(registry.maxInFlight(), 3);
      await registry.pause();
      assert.deepEqual(await Promise.all(held), ['error ECONNRESET', 'error ECONNRESET', 'error ECONNRESET']);
      registry.resetStats();
      assert.equal(registry.maxInFlight(), 0);
      assert.equal(registry.maxInFlight('certificate'), 0);
    });
  });

  describe('pause and resume', () => {
    it('refuses connections while paused and serves again on the same port', async () => {
      const url = registry.url;
      await registry.pause();
      assert.equal(await pending(url, EXPRESS), 'error ECONNREFUSED');
      await registry.resume();
      assert.equal(registry.url, url);
      assert.equal((await send(url, EXPRESS)).status, 200);
    });

    it('stops a trickle when paused', async () => {
      registry.addFault({ fault: { kind: 'trickle', chunkBytes: 1, intervalMs: 20 } });
      const outcome = pending(registry.url, EXPRESS);
      await registry.waitForRequest((r) => r.fault === 'trickle');
      await registry.pause();
      assert.match(await outcome, /^error /);
    });
  });

  it('the log keeps headers and timing', async () => {
    await send(registry.url, EXPRESS, { headers: { 'x-probe': 'yes' } });
    const logged = registry.requests[0];
    assert.equal(logged?.method, 'GET');
    assert.equal(logged?.headers['x-probe'], 'yes');
    assert.equal(logged?.bodyWasGzip, false);
    assert.equal(logged?.status, 200);
    assert.ok(typeof logged?.startedAt === 'number');
  });
});
