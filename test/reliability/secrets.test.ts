/**
 * The developer token (docs/registry-api.md §5): with every log on, it never appears in any output, trace,
 * error message, cache file or report; it is sent only with the preview request, only to the
 * configured API origin, only over HTTPS or loopback HTTP, and dropped on a cross-origin redirect.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { Trace } from 'vscode-languageserver-protocol';
import type { HttpPort, HttpRequest } from '../../server/src/service/ports';
import { fetchDraftPreview } from '../../shared/src/preview';
import { loadFixtureData, startRegistry, type LocalRegistry } from '../registry';
import { TestLspClient } from '../helpers/lspClient';
import { runCli, settle, tempDir, writeFile } from './harness';

const TOKEN = 'sigma_dev_SECRET_7f3a9c2e51b84d06';

function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).map((f) => path.join(dir, f)).filter((f) => fs.statSync(f).isFile());
}

function assertNoToken(where: string, text: string): void {
  assert.ok(!text.includes(TOKEN), `the token appears in ${where}`);
  assert.ok(!text.includes(TOKEN.slice(10)), `part of the token appears in ${where}`);
}

/** A server on another port (another origin) that records what it receives. */
async function recorder(answer: (url: string) => { status: number; headers?: Record<string, string>; body?: string }): Promise<{ server: Server; url: string; seen: Array<{ url: string; headers: IncomingHttpHeaders }> }> {
  const seen: Array<{ url: string; headers: IncomingHttpHeaders }> = [];
  const server = createServer((req, res) => {
    seen.push({ url: req.url ?? '', headers: req.headers });
    req.resume();
    const a = answer(req.url ?? '');
    res.writeHead(a.status, { 'content-type': 'application/json', ...(a.headers ?? {}) });
    res.end(a.body ?? '');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

describe('reliability: the developer token stays secret', function () {
  this.timeout(90_000);
  let registry: LocalRegistry;
  let dir: string;

  before(async () => {
    registry = await startRegistry({ quiet: true, token: TOKEN, data: loadFixtureData() });
    dir = tempDir('secrets');
    writeFile(dir, 'app/package.json', '{\n  "dependencies": {\n    "lodash": "4.17.20",\n    "express": "^4.18.0",\n    "chalk": "5.3.0",\n    "left-pad": "1.3.0",\n    "minimist": "1.2.5"\n  }\n}\n');
    writeFile(dir, 'app/requirements.txt', 'requests==2.31.0\nflask>=3.0\nmatplotlib==3.8.3\n');
  });

  after(async () => {
    await registry?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('CLI with SIGMA_DEBUG=1: check and preview never print, cache or forward the token; only the preview carries it', async () => {
    registry.clearLog();
    const env = { SIGMA_TOKEN: TOKEN, SIGMA_DEBUG: '1' };
    const cacheDir = path.join(dir, '.cache-cli');
    const base = ['--api-url', registry.url, '--npm-registry-url', registry.url, '--pypi-url', registry.url, '--cache-dir', cacheDir];
    const runs = [
      await runCli(['check', 'app', '--format', 'json', ...base], { cwd: dir, env }),
      await runCli(['check', 'app', '--format', 'sarif', ...base], { cwd: dir, env }),
      await runCli(['check', 'app', ...base], { cwd: dir, env }),
      await runCli(['preview', 'draft_web_app_42', '--api-url', registry.url], { cwd: dir, env }),
      await runCli(['preview', 'draft_web_app_42', '--api-url', registry.url, '--format', 'json'], { cwd: dir, env }),
      await runCli(['preview', 'no-such-draft', '--api-url', registry.url], { cwd: dir, env }),
      await runCli(['preview', 'draft_web_app_42', '--api-url', registry.url], { cwd: dir, env: { ...env, SIGMA_TOKEN: `${TOKEN}-wrong` } }),
    ];
    runs.forEach((run, i) => {
      assertNoToken(`stdout of run ${i}`, run.stdout);
      assertNoToken(`stderr of run ${i}`, run.stderr);
    });
    assert.equal(runs[3].code, 0, runs[3].stderr);
    assert.equal(runs[5].code, 2);
    assert.equal(runs[6].code, 2);
    assert.match(runs[6].stderr, /refused/);
    for (const file of filesUnder(cacheDir)) assertNoToken(file, fs.readFileSync(file, 'latin1'));
    const withAuth = registry.requests.filter((r) => r.headers.authorization !== undefined);
    assert.ok(withAuth.length >= 3, 'the previews sent it');
    assert.ok(withAuth.every((r) => r.endpoint === 'preview'), `only preview requests carry authorization: ${withAuth.map((r) => r.rawPath).join(', ')}`);
    assert.ok(registry.requests.some((r) => r.endpoint === 'certificate') && registry.requests.some((r) => r.endpoint === 'npmBulk'), 'the checks did talk to the registry');
    for (const r of registry.requests) assertNoToken(`request path ${r.rawPath}`, r.rawPath + (r.body ?? ''));
  });

  it('language server with a verbose trace and the token in its environment: never sends, logs or caches it', async () => {
    registry.clearLog();
    const cacheDir = path.join(dir, '.cache-lsp');
    const { client } = await TestLspClient.start({
      cacheDir,
      env: { SIGMA_TOKEN: TOKEN, SIGMA_DEBUG: '1' },
      settings: { apiUrl: registry.url, npmRegistryUrl: registry.url, pypiUrl: registry.url, trace: { server: 'verbose' } },
    });
    const trace: string[] = [];
    try {
      await client.connection.trace(Trace.Verbose, { log: (message: string, data?: string) => trace.push(`${message} ${data ?? ''}`) });
      const files = ['app/package.json', 'app/requirements.txt'].map((rel) => ({ rel, text: fs.readFileSync(path.join(dir, rel), 'utf8'), uri: writeFile(dir, rel, fs.readFileSync(path.join(dir, rel), 'utf8')).uri }));
      await settle(client, async () => {
        for (const f of files) await client.open(f.uri, f.rel.endsWith('.json') ? 'json' : 'pip-requirements', f.text);
      }, 'the checks', files.map((f) => f.uri));
      await client.connection.sendRequest('sigma/verifyPackage', { registry: 'npm', name: 'lodash', version: '4.17.20' });
      await client.connection.sendRequest('sigma/stats', {});
      await client.connection.sendRequest('textDocument/hover', { textDocument: { uri: files[0].uri }, position: { line: 2, character: 6 } });
      await client.stop();
      assert.ok(trace.length > 10, 'the trace recorded the session');
      assertNoToken('the LSP trace', trace.join('\n'));
      assertNoToken('window/logMessage', client.logMessages.join('\n'));
      assertNoToken('server stderr', client.stderr);
      assertNoToken('diagnostics', JSON.stringify([...client.diagnostics.values()]));
      for (const file of filesUnder(cacheDir)) assertNoToken(file, fs.readFileSync(file, 'latin1'));
      assert.ok(registry.requests.length > 0);
      assert.deepEqual(registry.requests.filter((r) => r.headers.authorization !== undefined).map((r) => r.rawPath), [], 'the language server never sends authorization');
    } finally {
      if (client.child.exitCode === null) await client.stop();
    }
  });

  it('plain HTTP to a non-loopback API is refused before any connection (kind insecure)', async () => {
    const asked: HttpRequest[] = [];
    const spy: HttpPort = { request: async (req) => (asked.push(req), { ok: false, kind: 'other', message: 'must not be called' }) };
    for (const url of ['http://sigma.invalid', 'http://sigma.invalid:80/base', 'http://10.0.0.1.nip.invalid']) {
      const result = await fetchDraftPreview(spy, url, 'draft_local_demo', TOKEN);
      assert.deepEqual(result.ok ? 'ok' : result.kind, 'insecure', url);
      assertNoToken('the refusal message', JSON.stringify(result));
    }
    assert.equal(asked.length, 0, 'nothing was sent');
    const run = await runCli(['preview', 'draft_local_demo', '--api-url', 'http://sigma.invalid'], { cwd: dir, env: { SIGMA_TOKEN: TOKEN } });
    assert.equal(run.code, 2);
    assert.match(run.stderr, /only sent over HTTPS/);
    assertNoToken('the CLI refusal', run.stdout + run.stderr);
  });

  it('a redirect to another origin (another port) is not followed: the token never reaches it', async () => {
    const target = await recorder(() => ({ status: 200, body: JSON.stringify({ enabled: true, packagesTotal: 2, items: [] }) }));
    const front = await recorder((url) => ({ status: 307, headers: { location: `${target.url}${url}` } }));
    try {
      const run = await runCli(['preview', 'draft_local_demo', '--api-url', front.url, '--format', 'json'], { cwd: dir, env: { SIGMA_TOKEN: TOKEN, SIGMA_DEBUG: '1' } });
      assert.equal(run.code, 2, run.stderr);
      assert.equal(front.seen.length, 1);
      assert.equal(front.seen[0].headers.authorization, `Bearer ${TOKEN}`, 'the configured origin gets it');
      // docs/security.md: requests go only to the configured origins; a redirect cannot add one.
      assert.equal(target.seen.length, 0, 'the other origin is never contacted');
      assert.match(run.stderr, /not contacted/);
      assertNoToken('the CLI output', run.stdout + run.stderr);
    } finally {
      target.server.close();
      front.server.close();
    }
  });
});
