/**
 * `sigma-trust check` on a project whose lockfile cannot be read (docs/language-server.md, docs/ci.md): every
 * format says `lockfile-unreadable` with the file and why, the ranges are checked instead, and the
 * check is incomplete (exit 3) unless `--fail-on never`: a gate never passes on versions nobody installs.
 */
import assert from 'node:assert/strict';
import { cliWorkspace, type CliWorkspace } from '../helpers/cliProject';

const MANIFEST = '{\n  "name": "app",\n  "dependencies": {\n    "express": "^4.17.0"\n  }\n}\n';

interface JsonReport {
  manifests: { path: string; errors: { code?: string; message: string }[]; dependencies: { name: string; resolvedVersion: string | null; resolvedFrom: string | null }[] }[];
}

describe('CLI: lockfile-unreadable', function () {
  let ws: CliWorkspace;
  before(async () => {
    ws = await cliWorkspace();
  });
  after(() => ws.close());

  it('a corrupt package-lock.json: text names it, the range is checked, exit 3; --fail-on never exits 0', async () => {
    const dir = ws.project({ 'package.json': MANIFEST, 'package-lock.json': '{\n  "lockfileVersion": 3,\n  "packages": {\n' });
    const r = await ws.check(['.'], { cwd: dir });
    assert.equal(r.code, 3, r.stdout + r.stderr);
    assert.match(r.stdout, /⚠ lockfile-unreadable package-lock\.json could not be read, so this file's ranges are used instead: /);
    assert.match(r.stdout, /express +4\.19\.2 +registry/);
    assert.match(r.stderr, /1 lockfile could not be read, so ranges were checked instead of the installed versions \(exit 3/);
    assert.match(r.stderr, /package\.json: package-lock\.json could not be read/);
    assert.equal((await ws.check(['.', '--fail-on', 'never'], { cwd: dir })).code, 0);
  });

  it('every format: JSON errors carry code lockfile-unreadable and SARIF one result on the manifest', async () => {
    const dir = ws.project({
      'bun/package.json': MANIFEST,
      'bun/bun.lockb': '\u0000\u0001bun-lockfile-format-v0\n',
      'pnpm/package.json': MANIFEST,
      'pnpm/pnpm-lock.yaml': "lockfileVersion: '9.0'\n---\nlockfileVersion: '9.0'\n",
      'yarn/package.json': MANIFEST,
      'yarn/yarn.lock': '__metadata:\n  version: 99\n',
      'uv/pyproject.toml': '[project]\nname = "app"\nversion = "0.1.0"\ndependencies = ["requests>=2"]\n',
      'uv/uv.lock': 'version = 2\n',
      'pipenv/Pipfile': '[packages]\nrequests = ">=2"\n',
      'pipenv/Pipfile.lock': '{"_meta": {"pipfile-spec": 6}, "default": {"requests": {"version": "==2.31.0"}',
    });
    const json = await ws.check(['.', '--format', 'json'], { cwd: dir });
    assert.equal(json.code, 3, json.stderr);
    const report = JSON.parse(json.stdout) as JsonReport;
    const unreadable = Object.fromEntries(report.manifests.map((m) => [m.path, m.errors.filter((e) => e.code === 'lockfile-unreadable').map((e) => e.message)]));
    assert.deepEqual(Object.keys(unreadable).sort(), ['bun/package.json', 'pipenv/Pipfile', 'pnpm/package.json', 'uv/pyproject.toml', 'yarn/package.json']);
    assert.match(unreadable['bun/package.json'][0], /^bun\.lockb could not be read.*bun install --save-text-lockfile/);
    assert.match(unreadable['pnpm/package.json'][0], /^pnpm-lock\.yaml could not be read.*2 YAML documents/);
    assert.match(unreadable['yarn/package.json'][0], /^yarn\.lock could not be read.*Unknown yarn Berry lockfile version 99/);
    assert.match(unreadable['uv/pyproject.toml'][0], /^uv\.lock could not be read.*Unknown uv\.lock version 2/);
    assert.match(unreadable['pipenv/Pipfile'][0], /^Pipfile\.lock could not be read.*not valid JSON/);
    for (const m of report.manifests) assert.ok(m.dependencies.every((d) => d.resolvedFrom !== 'lockfile'), `${m.path}: no pin from an unreadable lockfile`);

    const sarif = await ws.check(['.', '--format', 'sarif'], { cwd: dir });
    const log = JSON.parse(sarif.stdout) as { runs: { results: { ruleId: string; level: string; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[] }[]; tool: { driver: { rules: { id: string }[] } } }[] };
    const results = log.runs[0].results.filter((x) => x.ruleId === 'lockfile-unreadable');
    assert.deepEqual(results.map((x) => x.locations[0].physicalLocation.artifactLocation.uri).sort(), ['bun/package.json', 'pipenv/Pipfile', 'pnpm/package.json', 'uv/pyproject.toml', 'yarn/package.json']);
    assert.ok(results.every((x) => x.level === 'warning' && x.locations[0].physicalLocation.region.startLine === 1));
    assert.ok(log.runs[0].tool.driver.rules.some((rule) => rule.id === 'lockfile-unreadable'));
  });
});
