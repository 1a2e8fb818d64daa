/**
 * The JSON report's tree against what the package managers really installed (docs/formats/tree.md,
 * "Compared with what the package managers install"): for each lockfile written by the real package
 * manager (test/fixtures/lockfiles/, README there), the root manifest's direct dependencies plus its
 * `tree.packages` are exactly the registry packages installed.json records (read back from the
 * node_modules that manager laid out), and every `via` path walks edges that were installed. The
 * report holds at most three shortest paths per package, not every edge: that every installed edge
 * is in the parsed tree is held by test/unit/tree/ on the same fixtures.
 * Offline with an empty cache: the tree is the lockfile's, whatever the lookups answer.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from '../helpers/cliRunner';

const FIXTURES = path.resolve(__dirname, '../fixtures/lockfiles');
/** A `file:` folder: on disk for yarn, pnpm and bun, but no registry package (the report lists it as skipped). */
const LOCAL = 'local-lib@1.0.0';

interface Installed {
  packages: string[];
  edges: string[];
}
interface JsonDependency {
  registry: string;
  name: string;
  normalizedName: string;
  resolvedVersion: string | null;
  resolvedFrom: string;
  status: string;
}
interface JsonTreePackage {
  name: string;
  version: string | null;
  status: string;
  via: string[][];
}
interface Report {
  manifests: Array<{ path: string; dependencies: JsonDependency[]; tree?: { lockfile: string; packages: JsonTreePackage[] } | null }>;
}

/** A manifest's direct dependencies that are registry packages: manifest name → name@version. */
function directOf(dependencies: JsonDependency[]): Map<string, string> {
  return new Map(dependencies.filter((d) => d.status !== 'skipped' && d.resolvedVersion !== null).map((d) => [d.name, `${d.normalizedName}@${d.resolvedVersion}`]));
}

describe('CLI: the JSON tree equals what the package manager installed', function () {
  let tmp: string;
  before(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sigma-installed-'));
  });
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  // The JavaScript projects (the Python ones: treeInstalledPython.test.ts).
  const formats = fs.readdirSync(FIXTURES).filter((f) => fs.existsSync(path.join(FIXTURES, f, 'installed.json')) && fs.existsSync(path.join(FIXTURES, f, 'package.json')));

  it('covers every lockfile the fixtures hold', () => {
    assert.deepEqual(formats.sort(), ['bun', 'npm-v1', 'npm-v2', 'npm-v3', 'pnpm-v6', 'pnpm-v9', 'yarn-berry', 'yarn-v1']);
  });

  for (const format of formats) {
    it(`${format}: same name@version set; every path follows installed edges`, async () => {
      const dir = path.join(FIXTURES, format);
      const raw = JSON.parse(fs.readFileSync(path.join(dir, 'installed.json'), 'utf8')) as Installed;
      const installed = new Set(raw.packages.filter((p) => p !== LOCAL));
      const edges = new Set(raw.edges);
      const r = await runCli(['check', '.', '--format', 'json', '--offline', '--cache-dir', path.join(tmp, format)], { cwd: dir });
      assert.ok(r.code === 0 || r.code === 3, `exit ${r.code}: ${r.stderr}`);
      const report = JSON.parse(r.stdout) as Report;
      const root = report.manifests.find((m) => m.path === 'package.json');
      assert.ok(root?.tree, `${format}: the root manifest has a tree`);

      // The direct dependencies at their locked versions are reported there, not again in the tree.
      const direct = directOf(root.dependencies);
      assert.ok(root.dependencies.filter((d) => d.status !== 'skipped').every((d) => d.resolvedFrom === 'lockfile'), `${format}: every direct dependency pinned by the lockfile`);
      const registryPackages = root.tree.packages.filter((p) => p.status !== 'skipped');
      const reported = new Set([...direct.values(), ...registryPackages.map((p) => `${p.name}@${p.version}`)]);
      assert.deepEqual([...reported].sort(), [...installed].sort(), `${format}: name@version set`);

      // Paths run from each manifest's own direct dependencies (a workspace member's packages have
      // none from the root's): check every manifest's, and that each root package has one somewhere.
      const byName = (name: string): string[] => [...installed].filter((k) => k.slice(0, k.lastIndexOf('@')) === name);
      const reachable = new Set<string>();
      for (const m of report.manifests) {
        if (!m.tree) continue;
        const own = directOf(m.dependencies);
        for (const k of own.values()) reachable.add(k);
        for (const p of m.tree.packages.filter((x) => x.status !== 'skipped')) {
          const key = `${p.name}@${p.version}`;
          if (p.via.length > 0) reachable.add(key);
          // A member installs only what its own entries reach (docs/tree.md).
          if (m.path !== 'package.json') assert.ok(p.via.length > 0, `${format} ${m.path}: ${key} is reached from the member's own entries`);
          for (const via of p.via) {
            // Paths carry names: walk every installed copy a name can be, along installed edges only.
            let at = new Set([own.get(via[0])].filter((k): k is string => k !== undefined));
            for (const name of via.slice(1)) at = new Set(byName(name).filter((to) => [...at].some((from) => edges.has(`${from} > ${to}`))));
            assert.ok(at.has(key), `${format} ${m.path}: ${key} via ${via.join(' → ')} follows installed edges`);
          }
        }
      }
      assert.deepEqual(registryPackages.map((p) => `${p.name}@${p.version}`).filter((k) => !reachable.has(k)), [], `${format}: every package has a path from some manifest's direct dependency`);
    });
  }
});
