import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { startRegistry, type LocalRegistry } from '../registry';
import { TestLspClient } from '../helpers/lspClient';
import { certificate, dataWith } from '../helpers/testData';

describe('language server: diagnostics over a real JSON-RPC connection', () => {
  let registry: LocalRegistry;
  let client: TestLspClient;
  let dir: string;

  beforeEach(async () => {
    registry = await startRegistry({
      quiet: true,
      data: dataWith(certificate('npm', 'lodash', '4.17.20', { councilVerdict: 'REJECTED', certificateId: 'pkg_lodash_rejected' }), certificate('npm', 'express', '4.19.2')),
    });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sigma-lsp-'));
    ({ client } = await TestLspClient.start({
      cacheDir: path.join(dir, 'cache'),
      settings: { apiUrl: registry.url, npmRegistryUrl: registry.url, pypiUrl: registry.url },
    }));
  });

  afterEach(async () => {
    await client.stop();
    await registry.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('publishes a rejected diagnostic on the dependency line, and nothing for an approved one', async () => {
    const file = path.join(dir, 'package.json');
    const text = '{\n  "name": "app",\n  "dependencies": {\n    "express": "4.19.2",\n    "lodash": "4.17.20"\n  }\n}\n';
    fs.writeFileSync(file, text);
    const uri = pathToFileURL(file).href;
    await client.open(uri, 'json', text);
    const published = await client.waitForDiagnostics(uri, (d) => d.diagnostics.some((x) => x.code === 'rejected'), 'a rejected diagnostic');
    const rejected = published.diagnostics.filter((d) => d.code === 'rejected');
    assert.equal(rejected.length, 1);
    assert.equal(rejected[0].source, 'sigma');
    assert.equal(rejected[0].severity, 1);
    assert.deepEqual(rejected[0].range, { start: { line: 4, character: 4 }, end: { line: 4, character: 23 } });
    const message = rejected[0].message;
    assert.match(typeof message === 'string' ? message : message.value, /lodash 4\.17\.20: SIGMA verdict REJECTED \(certificate pkg_lodash_rejected\)/);
    assert.ok(!published.diagnostics.some((d) => d.range.start.line === 3), 'express 4.19.2 is approved and clear: no diagnostic');
  });

  it('clears diagnostics when the document closes', async () => {
    const file = path.join(dir, 'package.json');
    const text = '{ "dependencies": { "lodash": "4.17.20" } }';
    const uri = pathToFileURL(file).href;
    await client.open(uri, 'json', text);
    await client.waitForDiagnostics(uri, (d) => d.diagnostics.length > 0);
    await client.close(uri);
    await client.waitForDiagnostics(uri, (d) => d.diagnostics.length === 0, 'empty diagnostics after close');
  });
});
