/**
 * The language server's registry lookups follow VS Code's `http.proxy` / `http.proxyStrictSSL`
 * (passed by the client at start and re-sent on change): proved through a real CONNECT proxy on
 * loopback (test/helpers/tunnelProxy.ts). The registries are configured as
 * `https://registry.sigma.test`, a name that only the proxy can reach.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadFixtureData, startRegistry, type LocalRegistry } from '../registry';
import { TestLspClient } from '../helpers/lspClient';
import { startTunnelProxy, type TunnelProxy } from '../helpers/tunnelProxy';
import { diagnosticsOf, refresh, settle, tempDir, writeFile } from './harness';

const REMOTE = 'https://registry.sigma.test';

describe('reliability: registry lookups go through VS Code\'s proxy', function () {
  this.timeout(60_000);
  let registry: LocalRegistry;
  let first: TunnelProxy;
  let second: TunnelProxy;
  let dir: string;

  before(async () => {
    registry = await startRegistry({ quiet: true, data: loadFixtureData() });
    first = await startTunnelProxy(registry.url);
    second = await startTunnelProxy(registry.url);
    dir = tempDir('proxy');
  });

  after(async () => {
    await first?.close();
    await second?.close();
    await registry?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('uses http.proxy and http.proxyStrictSSL from initializationOptions, and the new proxy after sigma/proxySettings', async () => {
    const { client } = await TestLspClient.start({
      cacheDir: path.join(dir, '.cache'),
      // The loopback certificate does not name registry.sigma.test: only proxyStrictSSL false lets TLS through.
      initializationOptions: { proxy: first.url, proxyStrictSSL: false, noProxy: [] },
      settings: { apiUrl: REMOTE, npmRegistryUrl: REMOTE, pypiUrl: REMOTE, requestTimeoutMs: 5000 },
    });
    try {
      const text = 'requests==2.31.0\nflask>=3.0\n';
      const { uri } = writeFile(dir, 'requirements.txt', text);
      await settle(client, () => client.open(uri, 'pip-requirements', text), 'the check through the first proxy', [uri]);
      assert.ok(first.connects.length > 0 && first.connects.every((c) => c === 'registry.sigma.test:443'), JSON.stringify(first.connects));
      assert.ok(registry.requests.some((r) => r.endpoint === 'certificate'), 'the registry answered through the tunnel');
      assert.ok(diagnosticsOf(client, uri).every((d) => d.code !== 'registry-unavailable' && d.code !== 'lookup-failed'), JSON.stringify(diagnosticsOf(client, uri)));

      await client.connection.sendNotification('sigma/proxySettings', { proxy: second.url, strictSSL: false, noProxy: [] });
      await refresh(client, [uri]);
      assert.ok(second.connects.length > 0, 'after the change, lookups use the new proxy');
      assert.ok(diagnosticsOf(client, uri).every((d) => d.code !== 'registry-unavailable' && d.code !== 'lookup-failed'));
    } finally {
      await client.stop();
    }
  });
});
