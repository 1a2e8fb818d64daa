/**
 * The JSON report against what Pipenv and Poetry really locked and installed (test/fixtures/lockfiles/
 * pipenv and poetry-1.3, README there): the manifest's direct dependencies at their locked versions
 * (`resolvedFrom: "lockfile"`) plus its `tree.packages` are exactly the packages installed.json
 * records — for Poetry, plus the packages it locked for other platforms (markers are not evaluated,
 * docs/formats/tree.md) — and every path of an installed package walks installed edges.
 * Both projects name their index at 127.0.0.1:8765, which the product refuses until the user allows
 * it: allowed here with `--allow-index-host`; `--offline` with an empty cache, so nothing is contacted.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from '../helpers/cliRunner';

const FIXTURES = path.resolve(__dirname, '../fixtures/lockfiles');
const INDEX_HOST = '127.0.0.1:8765';

interface Dependency {
  name: string;
  normalizedName: string;
  resolvedVersion: string | null;
  resolvedFrom: string | null;
  status: string;
}
interface TreePackage {
  name: string;
  version: string | null;
  status: string;
  via: string[][];
}
interface Report {
  manifests: Array<{ path: string; dependencies: Dependency[]; tree?: { lockfile: string; packages: TreePackage[] } | null }>;
}

const PROJECTS = [
  { format: 'pipenv', manifest: 'Pipfile', lockfile: 'Pipfile.lock', otherPlatforms: [] as string[] },
  { format: 'poetry-1.3', manifest: 'pyproject.toml', lockfile: 'poetry.lock', otherPlatforms: ['colorama@0.4.6', 'exceptiongroup@1.2.0', 'importlib-metadata@7.0.1', 'tomli@2.0.1', 'zipp@3.17.0'] },
];

describe('CLI: the JSON tree equals what Pipenv and Poetry installed', function () {
  let tmp: string;
  before(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sigma-installed-py-'));
  });
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  async function report(format: string, extra: string[]): Promise<Report> {
    const dir = path.join(FIXTURES, format);
    const r = await runCli(['check', '.', '--format', 'json', '--offline', '--cache-dir', path.join(tmp, `${format}-${extra.length}`), ...extra], { cwd: dir });
    assert.equal(r.code, 3, `an offline check with an empty cache is incomplete: ${r.stderr}`);
    return JSON.parse(r.stdout) as Report;
  }

  for (const { format, manifest } of PROJECTS) {
    it(`${format}: without --allow-index-host, no dependency of the project's own index is resolved or looked up`, async () => {
      const m = (await report(format, [])).manifests.find((x) => x.path === manifest)!;
      assert.deepEqual(
        m.dependencies.map((d) => [d.name, d.status, d.resolvedVersion]),
        m.dependencies.map((d) => [d.name, 'unresolved', null]),
      );
    });
  }

  for (const { format, manifest, lockfile, otherPlatforms } of PROJECTS) {
    it(`${format}: locked versions, the installed name@version set, paths along installed edges`, async () => {
      const installed = JSON.parse(fs.readFileSync(path.join(FIXTURES, format, 'installed.json'), 'utf8')) as { packages: string[]; edges: string[] };
      const m = (await report(format, ['--allow-index-host', INDEX_HOST])).manifests.find((x) => x.path === manifest);
      assert.ok(m?.tree, `${format}: ${manifest} has a tree`);
      assert.equal(m.tree.lockfile, lockfile);
      assert.ok(m.dependencies.length > 0 && m.dependencies.every((d) => d.resolvedFrom === 'lockfile'), `${format}: every direct dependency pinned by ${lockfile}`);
      const direct = new Map(m.dependencies.map((d) => [d.normalizedName, `${d.normalizedName}@${d.resolvedVersion}`]));
      const reported = [...direct.values(), ...m.tree.packages.map((p) => `${p.name}@${p.version}`)];
      assert.deepEqual([...new Set(reported)].sort(), [...installed.packages, ...otherPlatforms].sort());
      const edges = new Set(installed.edges);
      for (const p of m.tree.packages) {
        const key = `${p.name}@${p.version}`;
        if (otherPlatforms.includes(key)) continue;
        for (const via of p.via) {
          // A path names the packages from a direct dependency down to this one (one version per name here).
          const walk = via.map((name) => installed.packages.find((k) => k.startsWith(`${name}@`)) ?? name);
          assert.equal(walk.at(-1), key);
          for (let i = 1; i < walk.length; i++) assert.ok(edges.has(`${walk[i - 1]} > ${walk[i]}`), `${format}: ${key} via ${via.join(' → ')} follows installed edges`);
        }
      }
    });
  }
});
