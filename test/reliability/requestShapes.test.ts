/**
 * Requests that cannot be bent: dependency names and versions full of `/`, `..`, `%2e`, `?`, `#`,
 * spaces, Unicode and control characters never change the requested path or host. Checked on the
 * registry's log of raw request paths, through the CLI and through the language server.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { startRegistry, type LocalRegistry, type LoggedRequest } from '../registry';
import { loadFixtureData } from '../registry';
import { runCli, settle, startServerEnv, tempDir, writeFile } from './harness';

const HOSTILE = ['../../etc/passwd', 'a/../../b', '%2e%2e', '.%2E', '..', '.', 'x?admin=1', 'x#frag', 'sp ace', 'ünïcödé', 'ctl\u0001\u007f', '@scope/../../x', '@scope%2f..%2f..', 'lodash/../express', '%2F', 'a%00b', 'é/../..'];
const VERSIONS = ['1.0.0/../../x', '..', '%2e%2e', '1.0.0?x=1', '1.0.0#f', '1.0 .0', '1.0.0%2F..', '1.0.0\u0000', '1.0.0/verify'];

/** `/`-separated raw segments of a path with no query or fragment; each decodes to neither `.` nor `..` nor contains `/`. */
function segments(rawPath: string): string[] {
  assert.ok(!rawPath.includes('?') && !rawPath.includes('#'), `no query or fragment: ${rawPath}`);
  assert.ok(/^[\x21-\x7e]+$/.test(rawPath), `only printable ASCII on the wire: ${JSON.stringify(rawPath)}`);
  const parts = rawPath.split('/').slice(1);
  for (const part of parts) {
    const decoded = decodeURIComponent(part);
    assert.ok(part.length > 0 && decoded !== '.' && decoded !== '..', `no empty or dot segment in ${rawPath}`);
  }
  return parts;
}

/** Every request has one of the endpoint shapes, with exactly its number of segments. */
function assertShape(r: LoggedRequest, port: string): void {
  assert.equal(r.headers.host, `127.0.0.1:${port}`, 'the host never changes');
  const s = segments(r.rawPath);
  const sigma = s[0] === 'api' && s[1] === 'v1' && s[2] === 'public' && s[3] === 'packages';
  const ok =
    (r.method === 'GET' && sigma && s.length === 5 && s[4] === 'stats') ||
    (r.method === 'GET' && sigma && s.length === 7 && (s[4] === 'npm' || s[4] === 'pypi')) ||
    (r.method === 'GET' && sigma && s.length === 8 && (s[4] === 'npm' || s[4] === 'pypi') && s[7] === 'verify') ||
    (r.method === 'POST' && r.rawPath === '/-/npm/v1/security/advisories/bulk') ||
    (r.method === 'GET' && s[0] === 'pypi' && s[s.length - 1] === 'json' && (s.length === 3 || s.length === 4)) ||
    (r.method === 'GET' && s.length === 1 && !s[0].startsWith('-'));
  assert.ok(ok, `${r.method} ${r.rawPath} is one of the expected endpoint shapes`);
}

function npmManifest(): string {
  const deps: Record<string, string> = {};
  for (const name of HOSTILE) deps[name] = '1.0.0';
  VERSIONS.forEach((v, i) => (deps[`ok-name-${i}`] = v));
  HOSTILE.forEach((name, i) => (deps[`range-${i}`] = `npm:${name}@^1`));
  return `${JSON.stringify({ name: 'app', dependencies: deps }, null, 2)}\n`;
}

function requirements(): string {
  return [...HOSTILE.map((n) => `${n}==1.0.0`), ...VERSIONS.map((v, i) => `okname${i}==${v}`), ...VERSIONS.map((v, i) => `okname${i}===${v}`), 'requests>=2 ; python_version > "3"'].join('\n') + '\n';
}

describe('reliability: hostile names and versions never bend a request', function () {
  this.timeout(90_000);
  let registry: LocalRegistry;
  let dir: string;

  before(async () => {
    registry = await startRegistry({ quiet: true, data: loadFixtureData() });
    dir = tempDir('shapes');
    writeFile(dir, 'app/package.json', npmManifest());
    writeFile(dir, 'app/requirements.txt', requirements());
    const printable = (t: string): boolean => !/[\u0000-\u001f\u007f]/.test(t); // TOML refuses control characters outright
    const pyDeps = [...HOSTILE.filter(printable).map((n) => `${n}>=1`), ...VERSIONS.filter(printable).map((v) => `okp===${v}`)];
    writeFile(dir, 'app/pyproject.toml', `[project]\nname = "x"\ndependencies = [${pyDeps.map((d) => JSON.stringify(d)).join(', ')}]\n`);
  });

  after(async () => {
    await registry?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('through the CLI', async () => {
    registry.clearLog();
    const run = await runCli(['check', 'app', '--format', 'json', '--fail-on', 'never', '--api-url', registry.url, '--npm-registry-url', registry.url, '--pypi-url', registry.url, '--cache-dir', path.join(dir, '.cache')], { cwd: dir });
    assert.equal(run.code, 0, run.stderr);
    // The manifest parsers already skip most of these names (not valid npm / PEP 508 names); what gets through is checked.
    assert.ok(registry.requests.length > 3, `requests were made (${registry.requests.length})`);
    const port = new URL(registry.url).port;
    for (const r of registry.requests) assertShape(r, port);
    assert.ok(!registry.requests.some((r) => r.endpoint === 'unknown'), 'no request reached an unknown route');
  });

  it('through the language server, including sigma/verifyPackage, which takes any name and version', async () => {
    const env = await startServerEnv({ data: loadFixtureData(), settings: { requestTimeoutMs: 5000 } });
    try {
      const files = ['package.json', 'requirements.txt'].map((f) => ({ f, text: fs.readFileSync(path.join(dir, 'app', f), 'utf8') }));
      const uris = files.map(({ f, text }) => writeFile(env.dir, f, text).uri);
      await settle(env.client, async () => {
        for (const [i, { f, text }] of files.entries()) await env.client.open(uris[i], f.endsWith('json') ? 'json' : f.endsWith('toml') ? 'toml' : 'pip-requirements', text);
      }, 'the checks', uris);
      // The verify command reaches the URL builders with no parser in front: every hostile name and version.
      const asks = [...HOSTILE.map((name) => ({ name, version: '1.0.0' })), ...VERSIONS.map((version) => ({ name: 'lodash', version })), ...HOSTILE.map((name, i) => ({ name, version: VERSIONS[i % VERSIONS.length] }))];
      for (const registry of ['npm', 'pypi'] as const) {
        for (const ask of asks) {
          const result = await env.client.connection.sendRequest<{ status: string }>('sigma/verifyPackage', { registry, ...ask });
          assert.notEqual(result.status, 'approved', `${registry} ${JSON.stringify(ask)}`);
        }
      }
      const port = new URL(env.registry.url).port;
      assert.ok(env.registry.requests.length > 50, `requests were made (${env.registry.requests.length})`);
      for (const r of env.registry.requests) assertShape(r, port);
      assert.equal(env.client.child.exitCode, null);
    } finally {
      await env.stop();
    }
  });
});
