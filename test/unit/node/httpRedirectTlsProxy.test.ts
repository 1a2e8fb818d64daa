import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { createHttpClient, type HttpClient, type HttpClientOptions } from '../../../shared/node/http/httpClient';
import { startRegistry, type LocalRegistry } from '../../registry/index';

interface Seen {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A tiny server on 127.0.0.1 that records what it gets and answers with `route`. */
async function startServer(
  route: (req: Seen, res: http.ServerResponse) => void,
  tls?: { key: Buffer; cert: Buffer },
): Promise<{ url: string; seen: Seen[]; server: http.Server; close: () => Promise<void> }> {
  const seen: Seen[] = [];
  const handler = (req: http.IncomingMessage, res: http.ServerResponse): void => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const entry = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      seen.push(entry);
      route(entry, res);
    });
  };
  const server = tls ? https.createServer(tls, handler) : http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `${tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    seen,
    server,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const redirect = (res: http.ServerResponse, status: number, location: string): void => {
  res.writeHead(status, { location, 'content-length': '0' });
  res.end();
};
const json = (res: http.ServerResponse, value: unknown): void => {
  const body = JSON.stringify(value);
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
};

const FIXTURES = path.join(__dirname, 'fixtures');
const CERT_PATH = '/api/v1/public/packages/npm/lodash/4.17.21';

describe('node/httpClient redirects, TLS and proxies', function () {
  this.timeout(20_000);
  let registry: LocalRegistry;
  let clients: HttpClient[] = [];
  const closers: Array<() => Promise<void>> = [];
  const client = (options: HttpClientOptions = {}): HttpClient => {
    const created = createHttpClient({ useEnvProxy: false, requestTimeoutMs: 5000, ...options });
    clients.push(created);
    return created;
  };
  const server = async (...args: Parameters<typeof startServer>): ReturnType<typeof startServer> => {
    const started = await startServer(...args);
    closers.push(started.close);
    return started;
  };

  before(async () => {
    registry = await startRegistry();
  });
  after(async () => {
    await registry.close();
  });
  beforeEach(() => registry.clearLog());
  afterEach(async () => {
    await Promise.all(clients.map((c) => c.close()));
    clients = [];
    await Promise.all(closers.splice(0).map((close) => close()));
  });

  it('drops authorization and the configured sensitive headers when a redirect leaves the origin', async () => {
    const away = await server((_req, res) => redirect(res, 302, `${registry.url}${CERT_PATH}`));
    const c = client({ sensitiveHeaders: ['X-Api-Key'] });
    const result = await c.request({
      method: 'GET',
      url: `${away.url}/moved`,
      headers: { Authorization: 'Bearer SECRET', 'x-api-key': 'KEY', accept: 'application/json' },
    });
    assert.equal(result.ok && (result.json as { packageName: string }).packageName, 'lodash');
    assert.equal(away.seen[0]?.headers.authorization, 'Bearer SECRET', 'the first origin got it');
    const [arrived] = registry.requests;
    assert.equal(arrived?.headers.authorization, undefined);
    assert.equal(arrived?.headers['x-api-key'], undefined);
    assert.equal(arrived?.headers.accept, 'application/json');
    assert.equal(c.stats().redirects, 1);
  });

  it('keeps the headers on a redirect within the same origin', async () => {
    const same = await server((req, res) => (req.url === '/moved' ? redirect(res, 301, '/here') : json(res, { ok: true })));
    const result = await client().request({ method: 'GET', url: `${same.url}/moved`, headers: { authorization: 'Bearer SECRET' } });
    assert.deepEqual(result.ok && result.json, { ok: true });
    assert.equal(same.seen[1]?.url, '/here');
    assert.equal(same.seen[1]?.headers.authorization, 'Bearer SECRET');
  });

  it('stops after 5 redirects', async () => {
    const loop = await server((req, res) => redirect(res, 307, `/hop${req.url.length}`));
    const result = await client().request({ method: 'GET', url: `${loop.url}/start` });
    assert.equal(!result.ok && result.kind, 'other');
    assert.match(!result.ok ? result.message : '', /more than 5 redirects/);
    assert.equal(loop.seen.length, 6);
  });

  it('turns a POST into a GET without body on 303, and keeps it on 307', async () => {
    const target = await server((req, res) => {
      if (req.url === '/see-other') redirect(res, 303, '/result');
      else if (req.url === '/temporary') redirect(res, 307, '/result');
      else json(res, { method: req.method, body: req.body });
    });
    const c = client();
    const body = JSON.stringify({ a: 1 });
    const seeOther = await c.request({ method: 'POST', url: `${target.url}/see-other`, body });
    assert.deepEqual(seeOther.ok && seeOther.json, { method: 'GET', body: '' });
    const temporary = await c.request({ method: 'POST', url: `${target.url}/temporary`, body });
    assert.deepEqual(temporary.ok && temporary.json, { method: 'POST', body });
  });

  describe('TLS', () => {
    const tls = { key: fs.readFileSync(path.join(FIXTURES, 'loopback-key.pem')), cert: fs.readFileSync(path.join(FIXTURES, 'loopback-cert.pem')) };

    it('fails with kind tls on an untrusted certificate, without retrying', async () => {
      const secure = await server((_req, res) => json(res, { ok: true }), tls);
      const c = client();
      const result = await c.request({ method: 'GET', url: `${secure.url}/x` });
      assert.equal(!result.ok && result.kind, 'tls');
      assert.equal(c.stats().requestsSent, 1);
      assert.equal(secure.seen.length, 0);
    });

    it('accepts it with strictSSL off, and applies a changed setting to new requests', async () => {
      const secure = await server((_req, res) => json(res, { ok: true }), tls);
      const c = client({ strictSSL: false });
      assert.deepEqual(await c.request({ method: 'GET', url: `${secure.url}/a` }).then((r) => r.ok && r.json), { ok: true });
      c.updateOptions({ strictSSL: true });
      const strict = await c.request({ method: 'GET', url: `${secure.url}/b` });
      assert.equal(!strict.ok && strict.kind, 'tls');
    });

    it('refuses a redirect from HTTPS to plain HTTP, even on loopback', async () => {
      const plain = await server((_req, res) => json(res, { leaked: true }));
      const secure = await server((_req, res) => redirect(res, 302, `${plain.url}/downgraded`), tls);
      const result = await client({ strictSSL: false }).request({ method: 'GET', url: `${secure.url}/x`, headers: { authorization: 'Bearer SECRET' } });
      assert.equal(!result.ok && result.kind, 'insecure');
      assert.equal(plain.seen.length, 0);
    });
  });

  describe('proxy', () => {
    /** A proxy on 127.0.0.1 that records CONNECT requests and refuses them: nothing leaves the machine. */
    async function refusingProxy(): Promise<{ url: string; connects: Seen[] }> {
      const proxy = await server((_req, res) => {
        res.writeHead(405);
        res.end();
      });
      const connects: Seen[] = [];
      proxy.server.on('connect', (req: http.IncomingMessage, socket: import('node:net').Socket) => {
        connects.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: '' });
        socket.end('HTTP/1.1 403 Forbidden\r\ncontent-length: 0\r\n\r\n');
      });
      return { url: proxy.url, connects };
    }

    it('tunnels HTTPS through the configured proxy, with its credentials, and keeps them out of messages', async () => {
      const proxy = await refusingProxy();
      const withCredentials = proxy.url.replace('http://', 'http://user:p%40ss@');
      const result = await client({ proxyUrl: withCredentials, maxAttempts: 1 }).request({ method: 'GET', url: 'https://sigma.example/api/v1/public/packages/stats' });
      assert.equal(!result.ok && result.kind, 'other');
      assert.equal(!result.ok && result.message, 'GET https://sigma.example/api/v1/public/packages/stats: the proxy refused the connection (HTTP 403)');
      assert.equal(proxy.connects[0]?.url, 'sigma.example:443');
      assert.equal(proxy.connects[0]?.headers['proxy-authorization'], `Basic ${Buffer.from('user:p@ss').toString('base64')}`);
    });

    it('uses HTTPS_PROXY from the environment when asked to', async () => {
      const proxy = await refusingProxy();
      const c = client({ useEnvProxy: true, env: { HTTPS_PROXY: proxy.url }, maxAttempts: 1 });
      await c.request({ method: 'GET', url: 'https://pypi.example/pypi/requests/json' });
      assert.equal(proxy.connects[0]?.url, 'pypi.example:443');
    });

    it('never sends loopback requests through the proxy', async () => {
      const proxy = await refusingProxy();
      const c = client({ proxyUrl: proxy.url, useEnvProxy: true, env: { HTTPS_PROXY: proxy.url, HTTP_PROXY: proxy.url } });
      const result = await c.request({ method: 'GET', url: `${registry.url}${CERT_PATH}` });
      assert.equal(result.ok && result.status, 200);
      assert.equal(proxy.connects.length, 0);
      assert.equal(registry.requests.length, 1);
    });
  });
});
