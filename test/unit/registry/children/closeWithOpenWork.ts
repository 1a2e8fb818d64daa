/**
 * Child process for the "close leaves no handles" test: starts the registry, leaves requests stuck in
 * every long-running fault, closes it, and then must exit on its own. A leaked socket, server or timer
 * would keep it alive.
 */
import { request } from 'node:http';
import { startRegistry } from '../../../registry/index';

async function main(): Promise<void> {
  const registry = await startRegistry();
  registry.setLatency(5);
  registry.addFault({ endpoint: 'certificate', fault: { kind: 'timeout' } });
  registry.addFault({ endpoint: 'verify', fault: { kind: 'trickle', chunkBytes: 1, intervalMs: 60_000 } });
  registry.addFault({ endpoint: 'stats', fault: { kind: 'latency', ms: 60_000 } });
  registry.addFault({ endpoint: 'npmPackument', fault: { kind: 'oversized', bytes: 200 * 1024 * 1024 } });
  const url = new URL(registry.url);
  const paths = [
    '/api/v1/public/packages/npm/express/4.19.2',
    '/api/v1/public/packages/npm/express/4.19.2/verify',
    '/api/v1/public/packages/stats',
    '/lodash',
  ];
  for (const path of paths) {
    // A keep-alive agent, so the client side would hold sockets open if the server left them.
    const req = request({ host: url.hostname, port: url.port, path }, (res) => {
      res.on('error', () => undefined);
      // Read nothing: the oversized answer stalls on backpressure.
      res.pause();
    });
    req.on('error', () => undefined);
    req.end();
  }
  await registry.waitForRequest(() => registry.requests.length === paths.length);
  await registry.close();
  process.stdout.write('closed\n');
}

main().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exit(1);
});
