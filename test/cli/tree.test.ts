/**
 * `sigma-trust check` and the whole tree (interfaces.md §4, docs/tree.md), on the npm-app fixture
 * (test/fixtures/tree/npm-app): every direct dependency is approved, but `express` brings in a
 * rejected `left-pad` three levels down, an uncertified `minimist` with a critical npm advisory,
 * an uncertified `finalhandler`, and an `ms` whose lockfile sha256 is not what SIGMA reviewed.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startRegistry, type LocalRegistry } from '../registry';
import { registryFlags, runCli, type CliResult } from '../helpers/cliRunner';

const APP = path.resolve(__dirname, '../fixtures/tree/npm-app');
const LOCK_LINES = fs.readFileSync(path.join(APP, 'package-lock.json'), 'utf8').split('\n');
const lockLine = (key: string): number => LOCK_LINES.findIndex((l) => l.includes(`"${key}"`));

interface TreeJson {
  lockfile: string;
  packages: Array<Record<string, unknown> & { name: string; status: string; via: string[][]; findings: Array<{ code: string; severity: string; message: string }> }>;
  summary: Record<string, number>;
}
interface Report {
  manifests: Array<{ path: string; dependencies: Array<Record<string, unknown> & { name: string; subtree?: Record<string, number> | null }>; tree?: TreeJson | null }>;
  summary: Record<string, unknown>;
}

describe('CLI: the whole tree', function () {
  let registry: LocalRegistry;
  let tmp: string;
  let n = 0;
  const check = (args: string[]): Promise<CliResult> => runCli(['check', '.', ...args, ...registryFlags(registry.url), '--cache-dir', path.join(tmp, `cache-${++n}`)], { cwd: APP });
  const json = (r: CliResult): Report => JSON.parse(r.stdout) as Report;

  before(async () => {
    registry = await startRegistry({ quiet: true });
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sigma-tree-'));
  });
  after(async () => {
    await registry.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });
  beforeEach(() => registry.clearLog());

  it('json: tree per manifest, subtree per direct dependency and summary.tree, as §4 shows', async () => {
    const report = json(await check(['--format', 'json']));
    const [m] = report.manifests;
    assert.deepEqual(Object.keys(m), ['path', 'kind', 'errors', 'dependencies', 'tree']);
    const tree = m.tree!;
    assert.equal(tree.lockfile, 'package-lock.json');
    assert.deepEqual(
      tree.packages.map((p) => [p.name, p.version, p.status, p.dev]),
      [
        ['debug', '4.3.4', 'approved', false],
        ['finalhandler', '1.2.0', 'uncertified', false],
        ['left-pad', '1.3.0', 'rejected', false],
        ['minimist', '1.2.5', 'uncertified', false],
        ['ms', '2.1.3', 'approved', false],
      ],
      'lodash 4.17.21 and typescript 5.4.5 are direct dependencies at the same version: reported there, not here',
    );
    const leftPad = tree.packages.find((p) => p.name === 'left-pad')!;
    assert.deepEqual(Object.keys(leftPad), ['registry', 'name', 'normalizedName', 'version', 'dev', 'status', 'certificate', 'advisories', 'findings', 'freshness', 'via', 'lockfileRange']);
    assert.deepEqual(leftPad.via, [['express', 'finalhandler', 'debug', 'left-pad']]);
    assert.deepEqual(leftPad.lockfileRange, { start: { line: lockLine('node_modules/left-pad'), character: 4 }, end: { line: lockLine('node_modules/left-pad'), character: 27 } });
    assert.equal((leftPad.certificate as { packageName: string }).packageName, 'left-pad', 'the certificate as received');
    assert.deepEqual(leftPad.findings[0], { code: 'rejected', severity: 'error', message: 'left-pad 1.3.0: SIGMA verdict REJECTED (certificate pkg_npm_leftpad_130)', href: `${registry.url}/api/v1/public/packages/npm/left-pad/1.3.0/verify` });
    assert.deepEqual(tree.packages.find((p) => p.name === 'ms')!.findings.map((f) => f.code), ['integrity-mismatch']);
    assert.deepEqual(tree.summary, { packages: 5, approved: 2, conditional: 0, rejected: 1, uncertified: 2, unresolved: 0, skipped: 0, errors: 0 });
    const subtree = (name: string) => m.dependencies.find((d) => d.name === name)!.subtree;
    assert.deepEqual(subtree('express'), { packages: 6, approved: 3, conditional: 0, rejected: 1, uncertified: 2, unresolved: 0, skipped: 0, errors: 0 });
    assert.deepEqual(subtree('lodash'), { packages: 0, approved: 0, conditional: 0, rejected: 0, uncertified: 0, unresolved: 0, skipped: 0, errors: 0 });
    assert.deepEqual(report.summary.tree, tree.summary);
    assert.deepEqual({ ...report.summary, tree: undefined }, { dependencies: 3, approved: 3, conditional: 0, rejected: 0, uncertified: 0, unresolved: 0, skipped: 0, errors: 0, tree: undefined });
  });

  it('text: a "Below the direct dependencies" section, worst first, with the paths', async () => {
    const r = await check([]);
    const section = r.stdout.slice(r.stdout.indexOf('  Below the direct dependencies'));
    assert.equal(
      section,
      [
        '  Below the direct dependencies (package-lock.json: 5 packages, 2 approved, 1 rejected, 2 uncertified)',
        '    ✗ rejected  left-pad 1.3.0',
        '      ✗ rejected left-pad 1.3.0: SIGMA verdict REJECTED (certificate pkg_npm_leftpad_130)',
        '      ⚠ security-level left-pad 1.3.0: SIGMA security level MEDIUM',
        '      ⚠ retained-warning left-pad 1.3.0: retained council warning — Package is deprecated by its author; String.prototype.padStart() replaces it',
        '      ⚠ retained-warning left-pad 1.3.0: retained council warning — Maintainer account had no second factor at publication time',
        '      via express → finalhandler → debug → left-pad',
        '    ? uncertified, 1 advisory  minimist 1.2.5',
        '      · uncertified minimist 1.2.5: not certified by SIGMA',
        '      ✗ advisory minimist 1.2.5: advisory 1099201 (critical) Prototype Pollution in minimist [click](command:workbench.action.quit) [npm registry data, not a SIGMA verdict]',
        '      via express → finalhandler → minimist',
        '    ✓ approved  ms 2.1.3',
        '      ✗ integrity-mismatch ms 2.1.3: pinned sha256 does not match the distribution SIGMA reviewed (5d1f2c9e8b7a6f4e3d2c1b0a99887766554433221100ffeeddccbbaa99887766)',
        '      via express → finalhandler → debug → ms',
        '    ? uncertified  finalhandler 1.2.0',
        '      · uncertified finalhandler 1.2.0: not certified by SIGMA',
        '      via express → finalhandler',
        '',
        'below the direct dependencies: 5 packages, 2 approved, 1 rejected, 2 uncertified',
        '3 dependencies, 3 approved, 0 conditional, 0 rejected, 0 uncertified, 0 unresolved, 0 skipped, 0 errors',
        '',
      ].join('\n'),
    );
  });

  it("sarif: a tree package's finding on the direct dependency's line, the path in the message, the lockfile entry as related location", async () => {
    const sarif = JSON.parse((await check(['--format', 'sarif'])).stdout) as { runs: Array<{ results: Array<Record<string, unknown> & { ruleId: string; message: { text: string } }> }> };
    const rejected = sarif.runs[0].results.filter((x) => x.ruleId === 'rejected');
    assert.equal(rejected.length, 1);
    const expressLine = fs.readFileSync(path.join(APP, 'package.json'), 'utf8').split('\n').findIndex((l) => l.includes('"express"')) + 1;
    assert.deepEqual(rejected[0].locations, [{ physicalLocation: { artifactLocation: { uri: 'package.json', uriBaseId: '%SRCROOT%' }, region: { startLine: expressLine, startColumn: 5, endLine: expressLine, endColumn: 25 } } }]);
    assert.equal(rejected[0].message.text, 'left-pad 1.3.0: SIGMA verdict REJECTED (certificate pkg_npm_leftpad_130) (via express → finalhandler → debug → left-pad)');
    const line = lockLine('node_modules/left-pad') + 1;
    assert.deepEqual(rejected[0].relatedLocations, [
      { id: 1, physicalLocation: { artifactLocation: { uri: 'package-lock.json', uriBaseId: '%SRCROOT%' }, region: { startLine: line, startColumn: 5, endLine: line, endColumn: 28 } }, message: { text: 'left-pad 1.3.0 in package-lock.json' } },
    ]);
  });

  it('--fail-on rejected fails on a rejected package found only in the tree; --fail-on never does not', async () => {
    assert.equal((await check([])).code, 1);
    assert.equal((await check(['--fail-on', 'never'])).code, 0);
  });

  it('a tree package whose lookup failed makes the check incomplete (exit 3), like a direct one', async () => {
    // left-pad (rejected) and ms (integrity mismatch) unanswered: nothing left meets --fail-on rejected.
    const removers = ['left-pad', 'ms'].map((name) => registry.addFault({ endpoint: 'certificate', package: name, fault: { kind: 'status', status: 500 } }));
    try {
      const r = await check(['--format', 'json']);
      assert.equal(r.code, 3);
      assert.match(r.stderr, /left-pad 1\.3\.0/);
      assert.equal(json(r).manifests[0].tree!.packages.find((p) => p.name === 'left-pad')!.status, 'error');
      assert.equal((await check(['--fail-on', 'never'])).code, 0);
    } finally {
      for (const remove of removers) remove();
    }
  });

  it('direct dependencies are all asked before any tree package; the tree is asked once, with one npm bulk POST', async () => {
    await check(['--format', 'json']);
    const certificates = registry.requests.filter((r) => r.endpoint === 'certificate').map((r) => r.package!);
    assert.deepEqual(certificates.slice(0, 3).sort(), ['express', 'lodash', 'typescript']);
    assert.deepEqual(certificates.slice(3).sort(), ['debug', 'finalhandler', 'left-pad', 'minimist', 'ms']);
    assert.equal(registry.requests.filter((r) => r.endpoint === 'npmBulk').length, 1);
  });

  it('one npm bulk POST per check even when a direct dependency needs the registry advisories too', async () => {
    // minimist 1.2.5 made a direct dependency: uncertified, so the direct check sends the bulk POST;
    // the tree's uncertified finalhandler rides along in it instead of a second POST.
    const dir = path.join(tmp, 'direct-fallback');
    fs.mkdirSync(dir, { recursive: true });
    const manifest = JSON.parse(fs.readFileSync(path.join(APP, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    manifest.dependencies.minimist = '1.2.5';
    const lock = JSON.parse(fs.readFileSync(path.join(APP, 'package-lock.json'), 'utf8')) as { packages: Record<string, { dependencies?: Record<string, string> }> };
    lock.packages[''].dependencies!.minimist = '1.2.5';
    fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify(manifest, null, 2));
    fs.writeFileSync(path.join(dir, 'package-lock.json'), JSON.stringify(lock, null, 2));
    const r = await runCli(['check', '.', '--format', 'json', ...registryFlags(registry.url), '--cache-dir', path.join(tmp, `cache-${++n}`)], { cwd: dir });
    const bulk = registry.requests.filter((x) => x.endpoint === 'npmBulk');
    assert.equal(bulk.length, 1);
    assert.ok(Object.keys(JSON.parse(bulk[0].body!) as object).includes('finalhandler'));
    const report = json(r);
    assert.deepEqual(report.manifests[0].tree!.packages.find((p) => p.name === 'finalhandler')!.findings.map((f) => f.code), ['uncertified']);
    assert.deepEqual(report.manifests[0].dependencies.find((d) => d.name === 'minimist')!.status, 'uncertified');
    assert.ok(!report.manifests[0].tree!.packages.some((p) => p.name === 'minimist'), 'a direct dependency at the same version is not a tree package');
  });

  it('--no-transitive: the report and the requests are what they were without the tree', async () => {
    const r = await check(['--no-transitive', '--format', 'json']);
    assert.equal(r.code, 0, 'nothing below is checked, so nothing fails');
    const report = json(r);
    assert.deepEqual(Object.keys(report.manifests[0]), ['path', 'kind', 'errors', 'dependencies']);
    assert.ok(report.manifests[0].dependencies.every((d) => !('subtree' in d)));
    assert.ok(!('tree' in report.summary));
    assert.deepEqual(registry.requests.map((x) => x.package).sort(), ['express', 'lodash', 'typescript']);
    const text = await check(['--no-transitive']);
    assert.ok(!text.stdout.includes('Below the direct dependencies'));
  });
});
