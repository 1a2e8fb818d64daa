/**
 * A small CONNECT proxy on 127.0.0.1 for tests that must prove traffic goes through a proxy. Every
 * tunnel, whatever host it asks for, ends at a local TLS endpoint (the loopback test certificate)
 * that forwards each request to `targetUrl` (the plain-HTTP local registry). So a client configured
 * with `https://registry.sigma.test` reaches the registry only through this proxy: nothing leaves
 * the machine, and the name is never resolved. It records each CONNECT target.
 */
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';
import * as net from 'node:net';
import * as path from 'node:path';

/** The loopback certificate's folder, found upwards from here (this file is also bundled into dist-test/ for the e2e suite). */
function fixtures(): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'test/unit/node/fixtures');
    if (fs.existsSync(path.join(candidate, 'loopback-cert.pem'))) return candidate;
    if (path.dirname(dir) === dir) throw new Error('test/unit/node/fixtures not found above ' + __dirname);
  }
}

export interface TunnelProxy {
  url: string;
  /** `host:port` of each CONNECT, in order. */
  connects: string[];
  close(): Promise<void>;
}

export async function startTunnelProxy(targetUrl: string): Promise<TunnelProxy> {
  const target = new URL(targetUrl);
  const sockets = new Set<net.Socket>();
  const track = (s: net.Socket): void => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  };
  const tls = https.createServer({ key: fs.readFileSync(path.join(fixtures(), 'loopback-key.pem')), cert: fs.readFileSync(path.join(fixtures(), 'loopback-cert.pem')) }, (req, res) => {
    const forward = http.request({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers: { ...req.headers, host: target.host } }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    forward.on('error', () => res.destroy());
    req.pipe(forward);
  });
  tls.on('connection', track);
  await new Promise<void>((resolve) => tls.listen(0, '127.0.0.1', resolve));
  const tlsPort = (tls.address() as net.AddressInfo).port;

  const connects: string[] = [];
  const proxy = http.createServer((_req, res) => {
    res.writeHead(405);
    res.end();
  });
  proxy.on('connection', track);
  proxy.on('connect', (req: http.IncomingMessage, client: net.Socket, head: Buffer) => {
    connects.push(req.url ?? '');
    const upstream = net.connect(tlsPort, '127.0.0.1', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length > 0) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    track(upstream);
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(proxy.address() as net.AddressInfo).port}`,
    connects,
    async close() {
      for (const s of sockets) s.destroy();
      await Promise.all([new Promise((r) => proxy.close(r)), new Promise((r) => tls.close(r))]);
    },
  };
}
