import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildTarball, certificateKey, FIXTURE_DIR, generateBulkData, loadExampleData, loadFixtureData, startRegistry } from '../../registry/index';
import type { RegistryData } from '../../registry/index';
import { send } from './http';

const EXAMPLES = join(__dirname, '..', '..', '..', 'examples');
const readExample = (path: string): string => readFileSync(join(EXAMPLES, path), 'utf8');

/** The version each example dependency resolves to and what the registry must hold for it (examples/README.md). */
const EXAMPLE_DEPENDENCIES: Array<[registry: 'npm' | 'pypi', name: string, version: string, expected: 'certified' | 'uncertified']> = [
  ['npm', 'express', '4.19.2', 'certified'],
  ['npm', 'lodash', '4.17.20', 'certified'],
  ['npm', 'left-pad', '1.3.0', 'certified'],
  ['npm', 'minimist', '1.2.5', 'uncertified'],
  ['npm', 'axios', '1.6.7', 'certified'],
  ['npm', 'chalk', '5.3.0', 'certified'],
  ['npm', 'ms', '2.1.3', 'certified'],
  ['npm', 'debug', '4.3.4', 'certified'],
  ['npm', '@types/node', '20.11.30', 'certified'],
  ['npm', 'typescript', '5.4.5', 'certified'],
  ['npm', 'esbuild', '0.20.2', 'certified'],
  ['pypi', 'requests', '2.31.0', 'certified'],
  ['pypi', 'urllib3', '1.26.5', 'certified'],
  ['pypi', 'Flask_SQLAlchemy', '3.1.1', 'certified'],
  ['pypi', 'flask', '3.0.2', 'certified'],
  ['pypi', 'PyYAML', '6.0.1', 'certified'],
  ['pypi', 'django', '4.2.11', 'uncertified'],
  ['pypi', 'numpy', '1.26.4', 'certified'],
  ['pypi', 'black', '24.1.0', 'uncertified'],
  ['pypi', 'pytest', '8.1.1', 'certified'],
  ['pypi', 'pandas', '2.2.1', 'certified'],
  ['pypi', 'scikit-learn', '1.4.1.post1', 'certified'],
  ['pypi', 'torch', '2.2.1+cpu', 'certified'],
  ['pypi', 'matplotlib', '3.8.3', 'uncertified'],
  ['pypi', 'black', '24.3.0', 'certified'],
  ['pypi', 'ruff', '0.3.4', 'certified'],
];

function certSha(data: RegistryData, registry: 'npm' | 'pypi', name: string, version: string): string {
  const sha = data.certificates[certificateKey(registry, name, version)]?.distributionSha256;
  assert.equal(typeof sha, 'string', `${registry}:${name}@${version}`);
  return sha as string;
}

/** sha256 hashes per package in uv.lock, from its `hash = "sha256:…"` entries. */
function uvLockHashes(text: string): Map<string, string[]> {
  const result = new Map<string, string[]>();
  for (const block of text.split('[[package]]').slice(1)) {
    const name = /^name = "([^"]+)"/m.exec(block)?.[1];
    if (name) result.set(name, [...block.matchAll(/hash = "sha256:([0-9a-f]{64})"/g)].map((m) => m[1] ?? ''));
  }
  return result;
}

function requirementHashes(text: string, name: string): string[] {
  const start = text.indexOf(`${name}==`);
  const entry = text.slice(start).split(/\n(?=\S)/)[0] ?? '';
  return [...entry.matchAll(/--hash=sha256:([0-9a-f]{64})/g)].map((m) => m[1] ?? '');
}

describe('local registry: fixtures and examples', () => {
  const data = loadFixtureData();

  it('every example dependency has registry data of the expected kind', () => {
    for (const [registry, name, version, expected] of EXAMPLE_DEPENDENCIES) {
      const cert = data.certificates[certificateKey(registry, name, version)];
      assert.equal(cert !== undefined, expected === 'certified', `${registry}:${name}@${version}`);
      const known =
        registry === 'npm'
          ? data.npm.packuments[name]?.versions[version] !== undefined
          : data.pypi.projects[name.toLowerCase().replace(/[-_.]+/g, '-')]?.releases[version] !== undefined;
      assert.ok(known, `${registry}:${name}@${version} has no registry metadata`);
    }
  });

  it('the unresolved example (seaborn>=0.14 in ml-pipeline) has releases, none of which satisfies it', () => {
    assert.match(readExample('ml-pipeline/pyproject.toml'), /"seaborn>=0\.14"/);
    assert.doesNotMatch(readExample('ml-pipeline/uv.lock'), /name = "seaborn"/);
    assert.deepEqual(Object.keys(data.pypi.projects.seaborn?.releases ?? {}), ['0.12.2', '0.13.2']);
  });

  it('package-lock.json integrity values are those of the served tarballs', () => {
    const lock = JSON.parse(readExample('web-app/package-lock.json')) as { packages: Record<string, { version?: string; integrity?: string }> };
    let checked = 0;
    for (const [path, entry] of Object.entries(lock.packages)) {
      if (!entry.integrity || !entry.version) continue;
      const name = path.replace(/^node_modules\//, '');
      assert.equal(data.npm.packuments[name]?.versions[entry.version]?.dist.integrity, entry.integrity, path);
      checked++;
    }
    assert.equal(checked, 18);
  });

  it('npm certificates match their tarballs, except the integrity-mismatch fixture', () => {
    const mismatching = Object.values(data.certificates).filter(
      (cert) => cert.registrySource === 'npm' && cert.distributionSha256 !== buildTarball(cert.packageName, cert.packageVersion).sha256,
    );
    // body-parser's hash is deliberately a number (a wrong type), ms's a wrong hex digest.
    assert.deepEqual(mismatching.map((cert) => cert.packageName).sort(), ['body-parser', 'ms']);
  });

  it('requirements.txt pins the certified hash for requests and only other hashes for urllib3', () => {
    const text = readExample('data-service/requirements.txt');
    const requestsHashes = requirementHashes(text, 'requests');
    const urllib3Hashes = requirementHashes(text, 'urllib3');
    assert.equal(requestsHashes.length, 2);
    assert.ok(requestsHashes.includes(certSha(data, 'pypi', 'requests', '2.31.0')));
    assert.equal(urllib3Hashes.length, 2);
    assert.ok(!urllib3Hashes.includes(certSha(data, 'pypi', 'urllib3', '1.26.5')));
    // The pinned hashes are the ones PyPI serves: the mismatch is with SIGMA, not with PyPI.
    const served = data.pypi.projects.urllib3?.releases['1.26.5']?.files.map((file) => file.digests.sha256);
    assert.deepEqual(urllib3Hashes.sort(), served?.sort());
  });

  it('uv.lock matches the certified hashes except for ruff', () => {
    const hashes = uvLockHashes(readExample('ml-pipeline/uv.lock'));
    const matches = (name: string, version: string) => hashes.get(name)?.includes(certSha(data, 'pypi', name, version));
    assert.equal(matches('numpy', '1.26.4'), true);
    assert.equal(matches('pandas', '2.2.1'), true);
    assert.equal(matches('requests', '2.31.0'), true);
    assert.equal(matches('torch', '2.2.1+cpu'), true);
    assert.equal(matches('ruff', '0.3.4'), false);
  });

  it('hands out deep copies', () => {
    const mine = loadFixtureData();
    mine.certificates = {};
    delete mine.npm.packuments.lodash;
    const fresh = loadFixtureData();
    assert.ok(Object.keys(fresh.certificates).length > 20);
    assert.ok(fresh.npm.packuments.lodash);
  });

  it('the example data (the demo) reads like a real project: no test strings; the test data adds every one of hostile.json', () => {
    // What a reader of the demo must never see: markup, Markdown command links, script URLs, placeholder ids.
    const testStrings = /<img|<script|onerror|command:|javascript:|-2099-|\(invented\)/;
    const strings = (value: unknown): string[] =>
      typeof value === 'string' ? [value] : value !== null && typeof value === 'object' ? Object.entries(value).flatMap(([k, v]) => [k, ...strings(v)]) : [];
    const example = loadExampleData();
    const { tarballs: _bytes, ...npmWithoutBytes } = example.npm;
    const shown = strings({ ...example, npm: npmWithoutBytes }).filter((s) => testStrings.test(s));
    assert.deepEqual(shown, [], 'test strings in the example data');
    const { patches } = JSON.parse(readFileSync(join(FIXTURE_DIR, 'hostile.json'), 'utf8')) as { patches: Array<{ path: Array<string | number>; value: unknown }> };
    assert.ok(patches.length >= 7);
    for (const { path, value } of patches) {
      const at = (root: unknown): unknown => path.reduce<unknown>((node, step) => (node as Record<string | number, unknown>)[step], root);
      assert.deepEqual(at(data), value, `the test data has hostile.json's value at ${JSON.stringify(path)}`);
      assert.notDeepEqual(at(example), value, `the example data has its own value at ${JSON.stringify(path)}`);
    }
  });

  describe('generateBulkData', () => {
    it('creates the asked number of packages with exact uncertified and no-snapshot shares', () => {
      const bulk = generateBulkData({ npmCount: 100, pypiCount: 50, uncertifiedFraction: 0.2, noSnapshotFraction: 0.5 });
      assert.equal(bulk.npmNames.length, 100);
      assert.equal(bulk.pypiNames.length, 50);
      assert.equal(bulk.npmNames[0], 'pkg-00001');
      assert.equal(bulk.pypiNames[49], 'py-pkg-00050');
      const certs = Object.values(bulk.data.certificates);
      assert.equal(certs.filter((cert) => cert.registrySource === 'npm').length, 80);
      assert.equal(certs.filter((cert) => cert.registrySource === 'pypi').length, 40);
      assert.equal(certs.filter((cert) => !('registryAdvisories' in cert)).length, 60);
      assert.equal(Object.keys(bulk.data.npm.advisories).length, 20);
    });

    it('is served by the registry: certificates, 404s with advisories, matching tarballs', async () => {
      const bulk = generateBulkData({ npmCount: 20, pypiCount: 20 });
      const registry = await startRegistry({ data: bulk.data });
      try {
        const statuses = await Promise.all(bulk.npmNames.map(async (name) => (await send(registry.url, `/api/v1/public/packages/npm/${name}/1.0.0`)).status));
        assert.equal(statuses.filter((status) => status === 404).length, 2);
        const uncertified = bulk.npmNames[statuses.indexOf(404)] ?? '';
        const advisories = await send(registry.url, '/-/npm/v1/security/advisories/bulk', { method: 'POST', body: JSON.stringify({ [uncertified]: ['1.0.0'] }) });
        assert.deepEqual(Object.keys(advisories.json() as object), [uncertified]);
        const cert = (await send(registry.url, '/api/v1/public/packages/npm/pkg-00001/1.0.0')).json() as { distributionSha256: string };
        assert.equal(cert.distributionSha256, buildTarball('pkg-00001', '1.0.0').sha256);
        assert.equal((await send(registry.url, '/pypi/py-pkg-00003/1.0.0/json')).status, 200);
      } finally {
        await registry.close();
      }
    });
  });
});
