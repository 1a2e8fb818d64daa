/**
 * docs/security.md, "What a manifest may not decide": a requirements file's own index on a host the
 * user did not allow is never contacted, and `${VAR}` values (here SIGMA_TOKEN and a private index
 * password) never leave except inside an index URL for an allowed host — never in any output, log,
 * cache file, or request to anyone else. Two registries on loopback: the configured one and a
 * "foreign" one on another port (another origin), each with its own request log.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Trace, type Diagnostic } from 'vscode-languageserver-protocol';
import { loadFixtureData, startRegistry, type LocalRegistry } from '../registry';
import type { LoggedRequest } from '../registry/types';
import { TestLspClient } from '../helpers/lspClient';
import { diagnosticsOf, hoverMarkdown, runCli, settle, tempDir, writeFile } from './harness';

const TOKEN = 'sigma_dev_LEAKCHECK_5b1e9d7c3a';
const PASSWORD = 'index-pw-LEAKCHECK-0c4f8a';
const SECRETS = [TOKEN, PASSWORD, TOKEN.slice(10), PASSWORD.slice(9)];

function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).map((f) => path.join(dir, f)).filter((f) => fs.statSync(f).isFile());
}

function assertNoSecret(where: string, text: string): void {
  for (const secret of SECRETS) assert.ok(!text.includes(secret), `a secret appears in ${where}`);
  const encoded = Buffer.from(`${TOKEN}:${PASSWORD}`).toString('base64');
  assert.ok(!text.includes(encoded), `the encoded credentials appear in ${where}`);
}

function textOf(d: Diagnostic | undefined): string {
  const m = d?.message;
  return typeof m === 'string' ? m : (m?.value ?? '');
}

function requestText(r: LoggedRequest): string {
  return `${r.rawPath}\n${JSON.stringify(r.headers)}\n${r.body ?? ''}`;
}

describe('reliability: what a manifest may not decide (index hosts, ${VAR} secrets)', function () {
  this.timeout(90_000);
  let registry: LocalRegistry;
  let foreign: LocalRegistry;
  let dir: string;
  let foreignHost: string;
  const env = { SIGMA_TOKEN: TOKEN, PRIVATE_INDEX_PASSWORD: PASSWORD, SIGMA_DEBUG: '1' };

  before(async () => {
    registry = await startRegistry({ quiet: true, data: loadFixtureData() });
    foreign = await startRegistry({ quiet: true, data: loadFixtureData() });
    foreignHost = new URL(foreign.url).host;
    dir = tempDir('manifest-limits');
    writeFile(
      dir,
      'app/requirements.txt',
      [`--index-url http://\${SIGMA_TOKEN}:\${PRIVATE_INDEX_PASSWORD}@${foreignHost}/private-index/simple`, 'flask>=3.0', 'requests==${SIGMA_TOKEN}', ''].join('\n'),
    );
  });

  after(async () => {
    await registry?.close();
    await foreign?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  const base = (cacheDir: string): string[] => ['--api-url', registry.url, '--npm-registry-url', registry.url, '--pypi-url', registry.url, '--cache-dir', cacheDir];
  type JsonDep = { name: string; status: string; findings: Array<{ code: string; message: string }> };
  const depsOf = (stdout: string): JsonDep[] => (JSON.parse(stdout) as { manifests: Array<{ dependencies: JsonDep[] }> }).manifests.flatMap((m) => m.dependencies);
  const messageOf = (d: JsonDep | undefined): string => d?.findings.map((f) => f.message).join(' | ') ?? '';

  it('CLI: an index on a host that is not allowed is not contacted; its dependencies are unresolved, naming the host and the setting; no secret anywhere', async () => {
    registry.clearLog();
    foreign.clearLog();
    const cacheDir = path.join(dir, '.cache-refused');
    const runs = await Promise.all(['json', 'sarif', 'text'].map((format) => runCli(['check', 'app', '--format', format, ...base(cacheDir)], { cwd: dir, env })));
    for (const [i, run] of runs.entries()) {
      assertNoSecret(`stdout of run ${i}`, run.stdout);
      assertNoSecret(`stderr of run ${i}`, run.stderr);
    }
    const deps = depsOf(runs[0].stdout);
    const flask = deps.find((d) => d.name === 'flask');
    assert.equal(flask?.status, 'unresolved');
    assert.match(messageOf(flask), new RegExp(`${foreignHost.replace(/\./g, '\\.')}.*sigma\\.allowedIndexHosts.*--allow-index-host`));
    const requests = deps.find((d) => d.name === 'requests');
    assert.equal(requests?.status, 'unresolved');
    assert.match(messageOf(requests), /\$\{SIGMA_TOKEN\}/, 'the variable is named as written');
    assert.match(runs[2].stdout, /\$\{SIGMA_TOKEN\}/, 'the text report shows the variable as written');
    assert.deepEqual(foreign.requests.map((r) => r.rawPath), [], 'the foreign index was never contacted');
    for (const r of registry.requests) assertNoSecret(`request ${r.rawPath} to the configured registry`, requestText(r));
    for (const file of filesUnder(cacheDir)) assertNoSecret(file, fs.readFileSync(file, 'latin1'));
  });

  it('CLI: --allow-index-host (repeatable) sends the values inside the index URL to that host only (as pip does: basic auth), and still shows none of them', async () => {
    registry.clearLog();
    foreign.clearLog();
    const cacheDir = path.join(dir, '.cache-allowed');
    // Repeatable: the allowed host given first still counts when another follows.
    const run = await runCli(['check', 'app', '--format', 'json', ...base(cacheDir), '--allow-index-host', foreignHost, '--allow-index-host', 'mirror.example:8443'], { cwd: dir, env });
    assertNoSecret('stdout', run.stdout);
    assertNoSecret('stderr', run.stderr);
    const flask = depsOf(run.stdout).find((d) => d.name === 'flask');
    assert.notEqual(flask?.status, 'unresolved', messageOf(flask));
    const asked = foreign.requests.filter((r) => r.endpoint === 'pypiProject');
    assert.deepEqual(asked.map((r) => r.rawPath), ['/private-index/pypi/flask/json']);
    assert.equal(asked[0].headers.authorization, `Basic ${Buffer.from(`${TOKEN}:${PASSWORD}`).toString('base64')}`);
    for (const r of registry.requests) assertNoSecret(`request ${r.rawPath} to the configured registry`, requestText(r));
    for (const file of filesUnder(cacheDir)) assertNoSecret(file, fs.readFileSync(file, 'latin1'));

    // An unset variable: nothing is sent; the dependency is unresolved, naming it.
    foreign.clearLog();
    const unset = await runCli(['check', 'app', '--format', 'json', ...base(path.join(dir, '.cache-unset')), '--allow-index-host', foreignHost], { cwd: dir, env: { ...env, PRIVATE_INDEX_PASSWORD: undefined } });
    const unsetFlask = depsOf(unset.stdout).find((d) => d.name === 'flask');
    assert.equal(unsetFlask?.status, 'unresolved');
    assert.match(messageOf(unsetFlask), /\$\{PRIVATE_INDEX_PASSWORD\}/);
    assert.deepEqual(foreign.requests, []);
  });

  it('CLI: --allow-index-host refuses what is not a host', async () => {
    const run = await runCli(['check', 'app', ...base(path.join(dir, '.cache-usage')), '--allow-index-host', 'https://evil.example/simple'], { cwd: dir, env });
    assert.equal(run.code, 2);
    assert.match(run.stderr, /--allow-index-host takes HOST or HOST:PORT/);
  });

  it('language server: the foreign index is refused until sigma.allowedIndexHosts names it; no secret in diagnostics, hover, trace, log or cache', async () => {
    registry.clearLog();
    foreign.clearLog();
    const cacheDir = path.join(dir, '.cache-lsp');
    const { client } = await TestLspClient.start({
      cacheDir,
      env,
      settings: { apiUrl: registry.url, npmRegistryUrl: registry.url, pypiUrl: registry.url, trace: { server: 'verbose' } },
    });
    const trace: string[] = [];
    try {
      await client.connection.trace(Trace.Verbose, { log: (message: string, data?: string) => trace.push(`${message} ${data ?? ''}`) });
      const file = path.join(dir, 'app/requirements.txt');
      const { uri } = writeFile(dir, 'app/requirements.txt', fs.readFileSync(file, 'utf8'));
      await settle(client, () => client.open(uri, 'pip-requirements', fs.readFileSync(file, 'utf8')), 'the check', [uri]);
      const refused = diagnosticsOf(client, uri).find((d) => d.range.start.line === 1);
      assert.equal(refused?.code, 'unresolved');
      assert.match(textOf(refused), new RegExp(`${foreignHost.replace(/\./g, '\\.')}.*sigma\\.allowedIndexHosts`));
      assert.match(textOf(diagnosticsOf(client, uri).find((d) => d.range.start.line === 2)), /\$\{SIGMA_TOKEN\}/);
      assert.deepEqual(foreign.requests, [], 'not contacted');
      const hover = await hoverMarkdown(client, uri, { line: 2, character: 2 });

      await settle(client, () => client.changeSettings({ ...client.settings, allowedIndexHosts: [foreignHost] }), 'the re-check', [uri]);
      await client.waitFor(() => foreign.requests.some((r) => r.endpoint === 'pypiProject'), 'the allowed index is asked');
      const allowed = diagnosticsOf(client, uri).find((d) => d.range.start.line === 1);
      assert.notEqual(allowed?.code, 'unresolved', textOf(allowed));
      await client.stop();
      assertNoSecret('the LSP trace', trace.join('\n'));
      assertNoSecret('window/logMessage', client.logMessages.join('\n'));
      assertNoSecret('server stderr', client.stderr);
      assertNoSecret('diagnostics', JSON.stringify(client.publishLog));
      assertNoSecret('hover', hover ?? '');
      for (const r of registry.requests) assertNoSecret(`request ${r.rawPath} to the configured registry`, requestText(r));
      for (const f of filesUnder(cacheDir)) assertNoSecret(f, fs.readFileSync(f, 'latin1'));
    } finally {
      if (client.child.exitCode === null) await client.stop();
    }
  });
});

describe('reliability: an untrusted workspace makes no network request until trusted', function () {
  this.timeout(60_000);

  it('language server started with workspaceTrusted: false: parse problems only, no request (checks, hover, stats, verify); checks start on sigma/workspaceTrusted', async () => {
    const registry = await startRegistry({ quiet: true, data: loadFixtureData() });
    const dir = tempDir('untrusted');
    const { client } = await TestLspClient.start({
      cacheDir: path.join(dir, '.cache'),
      initializationOptions: { workspaceTrusted: false },
      settings: { apiUrl: registry.url, npmRegistryUrl: registry.url, pypiUrl: registry.url },
    });
    try {
      const text = 'flask>=3.0\nrequests==2.31.0\nnot a requirement !!\n';
      const { uri } = writeFile(dir, 'requirements.txt', text);
      await client.open(uri, 'pip-requirements', text);
      await client.waitForDiagnostics(uri, (d) => d.diagnostics.some((x) => x.code === 'parse-error'), 'the parse problem');
      await hoverMarkdown(client, uri, { line: 1, character: 2 });
      const stats = await client.connection.sendRequest<{ ok: boolean; message?: string }>('sigma/stats', {});
      assert.equal(stats.ok, false);
      assert.match(stats.message ?? '', /not trusted/);
      await client.connection.sendRequest('sigma/verifyPackage', { registry: 'pypi', name: 'flask', version: '3.0.0' });
      assert.deepEqual(registry.requests.map((r) => r.rawPath), [], 'no request while untrusted');
      assert.ok(diagnosticsOf(client, uri).every((d) => d.code === 'parse-error'), 'no dependency result while untrusted');

      await settle(client, () => client.connection.sendNotification('sigma/workspaceTrusted', {}), 'the check after trust', [uri]);
      assert.ok(registry.requests.length > 0, 'trust starts the checks');
      assert.ok(diagnosticsOf(client, uri).some((d) => d.code !== 'parse-error'), 'dependency results after trust');
    } finally {
      await client.stop();
      await registry.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
