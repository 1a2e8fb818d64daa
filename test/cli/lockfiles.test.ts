/**
 * Every lockfile format pins package.json / Pipfile end to end: the built CLI on the projects the real
 * package managers wrote (test/fixtures/lockfiles/README.md) reports the lockfile's versions with
 * `resolvedFrom: "lockfile"`, for the root and for a workspace member, and never looks up a local folder.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { LocalRegistry } from '../registry';
import { cliWorkspace, type CliWorkspace } from '../helpers/cliProject';

const FIXTURES = path.resolve(__dirname, '../fixtures/lockfiles');

interface Dep {
  name: string;
  resolvedVersion: string | null;
  resolvedFrom: string | null;
  status: string;
}
interface Report {
  manifests: { path: string; kind: string; dependencies: Dep[] }[];
}

describe('CLI: every lockfile format pins its manifest', function () {
  let ws: CliWorkspace;
  let registry: LocalRegistry;
  let tmp: string;
  before(async () => {
    ws = await cliWorkspace();
    ({ registry, tmp } = ws);
  });
  after(() => ws.close());

  const check = async (dir: string): Promise<Report> => {
    const r = await ws.check([dir, '--format', 'json', '--fail-on', 'never'], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    return JSON.parse(r.stdout) as Report;
  };
  const deps = (report: Report, manifest: string): Record<string, [string | null, string | null]> => {
    const m = report.manifests.find((x) => x.path === manifest);
    assert.ok(m, `${manifest} in ${report.manifests.map((x) => x.path).join(', ')}`);
    return Object.fromEntries(m.dependencies.map((d) => [d.name, [d.resolvedVersion, d.resolvedFrom]]));
  };

  for (const format of ['yarn-v1', 'yarn-berry', 'pnpm-v9', 'pnpm-v6', 'bun']) {
    it(`${format}: the root and the workspace member get the lockfile's versions`, async () => {
      const report = await check(path.join(FIXTURES, format));
      const root = deps(report, 'package.json');
      assert.deepEqual(root['express'], ['4.22.3', 'lockfile']);
      assert.deepEqual(root['my-lodash'], ['4.18.1', 'lockfile']);
      assert.deepEqual(root['semver'], ['7.8.6', 'lockfile']);
      assert.deepEqual(root['local-lib'], [null, null], 'a local folder is skipped, never looked up');
      const app = deps(report, 'packages/app/package.json');
      assert.deepEqual(app['debug'], ['4.4.3', 'lockfile']);
      assert.deepEqual(app['ms'], ['2.1.3', 'lockfile']);
      if (format === 'pnpm-v9') assert.deepEqual(root['cookie'], ['0.6.0', 'lockfile'], 'catalog:legacy through pnpm-workspace.yaml');
      assert.ok(!registry.requests.some((r) => r.package === 'local-lib'), 'local-lib never reaches a registry');
    });
  }

  it('Pipfile: Pipfile.lock pins [packages] and [dev-packages]', async () => {
    const dir = path.join(tmp, 'pipenv');
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'Pipfile'), '[[source]]\nurl = "https://pypi.org/simple"\nname = "pypi"\n\n[packages]\nrequests = ">=2"\n\n[dev-packages]\npytest = "*"\n');
    fs.writeFileSync(
      path.join(dir, 'Pipfile.lock'),
      JSON.stringify({ _meta: { 'pipfile-spec': 6, hash: { sha256: '0' } }, default: { requests: { version: '==2.31.0', hashes: [] } }, develop: { pytest: { version: '==8.2.0', hashes: [] } } }, null, 4),
    );
    const report = await check(dir);
    assert.equal(report.manifests[0].kind, 'Pipfile');
    assert.deepEqual(deps(report, 'Pipfile'), { requests: ['2.31.0', 'lockfile'], pytest: ['8.2.0', 'lockfile'] });
  });

  it('a manifest entry the lockfile lacks: unresolved, naming the lockfile and the command, and the check is incomplete (exit 3)', async () => {
    const dir = ws.project({
      'package.json': JSON.stringify({ name: 'stale', dependencies: { express: '^4.17.0', lodash: '^4.17.0' } }),
      'yarn.lock': '# yarn lockfile v1\n\n\nexpress@^4.17.0:\n  version "4.19.2"\n',
    });
    const r = await ws.check([dir, '--format', 'json'], { cwd: dir });
    assert.equal(r.code, 3, r.stderr);
    const lodash = (JSON.parse(r.stdout) as { manifests: { dependencies: (Dep & { findings: { code: string; message: string }[] })[] }[] }).manifests[0].dependencies.find((d) => d.name === 'lodash')!;
    assert.deepEqual([lodash.status, lodash.resolvedVersion, lodash.resolvedFrom], ['unresolved', null, null]);
    assert.match(lodash.findings[0].message, /yarn\.lock has no entry for it, so it is older than this file: run `yarn install` to update it/);
    assert.match(r.stderr, /lodash: not in the lockfile, which is out of date/);
  });

  it('several lockfiles: the packageManager field wins, else the newest', async () => {
    const dir = path.join(tmp, 'both');
    fs.mkdirSync(dir);
    const manifest = (pm?: string) => JSON.stringify({ name: 'both', ...(pm ? { packageManager: pm } : {}), dependencies: { express: '^4.17.0' } });
    fs.writeFileSync(path.join(dir, 'package-lock.json'), JSON.stringify({ lockfileVersion: 3, packages: { '': { dependencies: { express: '^4.17.0' } }, 'node_modules/express': { version: '4.17.1' } } }));
    fs.writeFileSync(path.join(dir, 'yarn.lock'), '# yarn lockfile v1\n\n\nexpress@^4.17.0:\n  version "4.19.2"\n');
    const older = new Date(Date.now() - 60_000);
    fs.utimesSync(path.join(dir, 'package-lock.json'), older, older);
    fs.writeFileSync(path.join(dir, 'package.json'), manifest());
    assert.deepEqual(deps(await check(dir), 'package.json')['express'], ['4.19.2', 'lockfile'], 'the newer yarn.lock');
    fs.writeFileSync(path.join(dir, 'package.json'), manifest('npm@10.8.0'));
    assert.deepEqual(deps(await check(dir), 'package.json')['express'], ['4.17.1', 'lockfile'], 'packageManager: npm');
  });
});
