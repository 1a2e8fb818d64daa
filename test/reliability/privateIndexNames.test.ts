/**
 * docs/security.md, "What a manifest may not decide": a Python project whose packages come from its own
 * index (a Poetry source that replaces PyPI, a uv index searched before it, a Pipfile `[[source]]`)
 * may hold private names. Until the user allows that host, neither the manifest's entries nor what the
 * lockfile says came from that index (the whole tree) are looked up anywhere: no request to the
 * index, and no name in any request to SIGMA, npm or PyPI. Allowed, they are checked like any other.
 * Two registries on loopback: the configured one, and the "corp" index on another port.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { InlayHint } from 'vscode-languageserver-protocol';
import { TestLspClient } from '../helpers/lspClient';
import { loadFixtureData, startRegistry, type LocalRegistry } from '../registry';
import { diagnosticsOf, runCli, settle, tempDir, writeFile } from './harness';

const PRIVATE = ['corp-internal-lib', 'corp-auth'];

function projects(index: string): Record<string, Record<string, string>> {
  const legacy = `[package.source]\ntype = "legacy"\nurl = "${index}"\nreference = "corp"\n`;
  const poetryPackage = (name: string, version: string, deps = '') => `[[package]]\nname = "${name}"\nversion = "${version}"\ndescription = ""\noptional = false\npython-versions = "*"\nfiles = []\n${deps}\n${legacy}\n`;
  return {
    poetry: {
      'pyproject.toml': `[tool.poetry]\nname = "corp-app"\nversion = "0.1.0"\ndescription = ""\nauthors = []\n\n[tool.poetry.dependencies]\npython = "^3.8"\ncorp-internal-lib = "^1.2"\n\n[[tool.poetry.source]]\nname = "corp"\nurl = "${index}"\npriority = "primary"\n`,
      'poetry.lock': `${poetryPackage('corp-internal-lib', '1.2.0', '[package.dependencies]\ncorp-auth = "*"\n')}${poetryPackage('corp-auth', '0.3.0')}[metadata]\nlock-version = "2.0"\npython-versions = "^3.8"\ncontent-hash = "0"\n`,
    },
    uv: {
      'pyproject.toml': `[project]\nname = "corp-app"\nversion = "0.1.0"\ndependencies = ["corp-internal-lib>=1.2"]\n\n[[tool.uv.index]]\nname = "corp"\nurl = "${index}"\n`,
      'uv.lock': `version = 1\nrequires-python = ">=3.8"\n\n[[package]]\nname = "corp-app"\nversion = "0.1.0"\nsource = { virtual = "." }\ndependencies = [{ name = "corp-internal-lib" }]\n\n[[package]]\nname = "corp-internal-lib"\nversion = "1.2.0"\nsource = { registry = "${index}" }\ndependencies = [{ name = "corp-auth" }]\n\n[[package]]\nname = "corp-auth"\nversion = "0.3.0"\nsource = { registry = "${index}" }\n`,
    },
    pipenv: {
      Pipfile: `[[source]]\nurl = "${index}"\nverify_ssl = false\nname = "corp"\n\n[packages]\ncorp-internal-lib = "*"\n`,
      'Pipfile.lock': JSON.stringify(
        {
          _meta: { hash: { sha256: '0' }, 'pipfile-spec': 6, requires: {}, sources: [{ name: 'corp', url: index, verify_ssl: false }] },
          default: { 'corp-auth': { hashes: [], version: '==0.3.0' }, 'corp-internal-lib': { hashes: [], index: 'corp', version: '==1.2.0' } },
          develop: {},
        },
        null,
        4,
      ),
    },
  };
}

type JsonDep = { name: string; status: string; findings: Array<{ message: string }> };
type JsonReport = { manifests: Array<{ dependencies: JsonDep[]; tree?: { packages: JsonDep[] } | null }> };

describe('reliability: the names a project\'s own index serves go nowhere until its host is allowed', function () {
  this.timeout(90_000);
  let registry: LocalRegistry;
  let corp: LocalRegistry;
  let dir: string;
  let corpHost: string;

  before(async () => {
    registry = await startRegistry({ quiet: true, data: loadFixtureData() });
    corp = await startRegistry({ quiet: true, data: loadFixtureData() });
    corpHost = new URL(corp.url).host;
    dir = tempDir('private-index');
    for (const [project, files] of Object.entries(projects(`${corp.url}/simple`))) {
      for (const [file, text] of Object.entries(files)) writeFile(dir, path.join(project, file), text);
    }
  });

  after(async () => {
    await registry?.close();
    await corp?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  const base = (cacheDir: string): string[] => ['--api-url', registry.url, '--npm-registry-url', registry.url, '--pypi-url', registry.url, '--cache-dir', cacheDir, '--format', 'json'];

  for (const project of ['poetry', 'uv', 'pipenv']) {
    it(`${project}: the direct entries and the locked tree are unresolved, naming the host; no request carries their names`, async () => {
      registry.clearLog();
      corp.clearLog();
      const run = await runCli(['check', project, ...base(path.join(dir, `.cache-${project}`))], { cwd: dir });
      assert.equal(run.code, 3, `incomplete, never clean: ${run.stderr}`);
      const manifest = (JSON.parse(run.stdout) as JsonReport).manifests[0];
      const all = [...manifest.dependencies, ...(manifest.tree?.packages ?? [])];
      assert.deepEqual(manifest.dependencies.map((d) => d.name), ['corp-internal-lib']);
      assert.deepEqual(manifest.tree?.packages.map((d) => d.name), ['corp-auth'], 'below: only what the direct entry brings in, not the entry again');
      for (const d of all) {
        assert.equal(d.status, 'unresolved', d.name);
        assert.match(d.findings.map((f) => f.message).join(' '), new RegExp(`${d.name}: not looked up — .*${corpHost.replace(/\./g, '\\.')}.*sigma\\.allowedIndexHosts`));
      }
      assert.match(run.stderr, /corp-internal-lib: not looked up: its index is on a host that is not allowed/);
      const table = await runCli(['check', project, ...base(path.join(dir, `.cache-${project}`)).filter((a) => a !== 'json' && a !== '--format')], { cwd: dir });
      assert.match(table.stdout, /corp-internal-lib +- +⚠ not looked up/, 'the text table says what happened: nothing was asked');
      assert.deepEqual(corp.requests.map((r) => r.rawPath), [], 'the index was not contacted');
      for (const r of registry.requests) for (const name of PRIVATE) assert.ok(!`${r.rawPath} ${r.body ?? ''}`.includes(name), `${name} sent in ${r.rawPath}`);
    });
  }

  it('language server: the same, until sigma.allowedIndexHosts names the host; then the entry and the tree are looked up', async () => {
    registry.clearLog();
    corp.clearLog();
    const { client } = await TestLspClient.start({ cacheDir: path.join(dir, '.cache-lsp'), settings: { apiUrl: registry.url, npmRegistryUrl: registry.url, pypiUrl: registry.url } });
    try {
      const file = path.join(dir, 'poetry/pyproject.toml');
      const { uri } = writeFile(dir, 'poetry/pyproject.toml', fs.readFileSync(file, 'utf8'));
      const summary = await settle(client, () => client.open(uri, 'toml', fs.readFileSync(file, 'utf8')), 'the check', [uri]);
      // The tree was checked too: corp-auth, below, is counted unresolved and nothing is pending.
      assert.deepEqual([summary.tree?.packages, summary.tree?.counts.unresolved, summary.tree?.pending], [1, 1, 0]);
      const entry = diagnosticsOf(client, uri).find((d) => d.code === 'unresolved');
      assert.match(typeof entry?.message === 'string' ? entry.message : '', new RegExp(`^corp-internal-lib: not looked up — .*${corpHost.replace(/\./g, '\\.')}`));
      // Inline, too, it reads as what happened: not a failed lookup (nothing was asked) and never clean.
      const hints = await client.connection.sendRequest<InlayHint[]>('textDocument/inlayHint', { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 100, character: 0 } } });
      assert.deepEqual(hints.map((h) => h.label), ['⚠ not looked up · 0/1 below']);
      for (const r of registry.requests) for (const name of PRIVATE) assert.ok(!`${r.rawPath} ${r.body ?? ''}`.includes(name), `${name} sent in ${r.rawPath}`);
      assert.deepEqual(corp.requests.map((r) => r.rawPath), []);

      await settle(client, () => client.changeSettings({ ...client.settings, allowedIndexHosts: [corpHost] }), 'the re-check', [uri]);
      await client.waitFor(() => PRIVATE.every((name) => registry.requests.some((r) => r.rawPath.includes(name))), 'the entry and the package below it are looked up');
    } finally {
      await client.stop();
    }
  });

  it('allowed with --allow-index-host, the same names are looked up', async () => {
    registry.clearLog();
    const run = await runCli(['check', 'uv', ...base(path.join(dir, '.cache-allowed')), '--allow-index-host', corpHost], { cwd: dir });
    const manifest = (JSON.parse(run.stdout) as JsonReport).manifests[0];
    assert.ok([...manifest.dependencies, ...(manifest.tree?.packages ?? [])].every((d) => d.status !== 'unresolved'), run.stdout);
    for (const name of PRIVATE) assert.ok(registry.requests.some((r) => r.rawPath.includes(name)), `${name} looked up`);
  });
});
