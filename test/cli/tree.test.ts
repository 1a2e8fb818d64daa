/**
 * `sigma-trust check` and the whole tree (docs/ci.md, docs/tree.md), on the npm-app fixture
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
import { findingKey, fingerprint } from '../../server/src/cli/report/findingIdentity';

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

  it('json: tree per manifest, subtree per direct dependency and summary.tree, as docs/tree.md shows', async () => {
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
        '    ✗ uncertified, 1 advisory  minimist 1.2.5',
        '      · uncertified minimist 1.2.5: not certified by SIGMA',
        '      ✗ advisory minimist 1.2.5: advisory 1099201 (critical) Prototype Pollution in minimist [click](command:workbench.action.quit) [npm registry data, not a SIGMA verdict]',
        '      via express → finalhandler → minimist',
        '    ✗ approved, integrity-mismatch  ms 2.1.3',
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

  it("sarif: a tree finding's fingerprint is its finding identity (the baseline's), one per advisory, never from a line", async () => {
    const sarif = JSON.parse((await check(['--format', 'sarif'])).stdout) as { runs: Array<{ results: Array<{ ruleId: string; partialFingerprints: Record<string, string>; properties: { package: string } }> }> };
    const results = sarif.runs[0].results;
    const leftPad = results.find((x) => x.ruleId === 'rejected' && x.properties.package === 'left-pad')!;
    const subject = { manifestPath: 'package.json', registry: 'npm', name: 'left-pad', version: '1.3.0' };
    assert.deepEqual(leftPad.partialFingerprints, { 'sigmaFinding/v1': fingerprint(findingKey(subject, { code: 'rejected' })) });
    const minimist = results.find((x) => x.ruleId === 'advisory' && x.properties.package === 'minimist')!;
    assert.deepEqual(minimist.partialFingerprints, {
      'sigmaFinding/v1': fingerprint(findingKey({ ...subject, name: 'minimist', version: '1.2.5' }, { code: 'advisory', advisoryId: '1099201' })),
    });
    // Two retained warnings on left-pad share an identity: still two alerts, with two fingerprints.
    const warnings = results.filter((x) => x.ruleId === 'retained-warning' && x.properties.package === 'left-pad').map((x) => x.partialFingerprints['sigmaFinding/v1']);
    assert.equal(new Set(warnings).size, 2);
  });

  it('--baseline: tree findings of an earlier report are left out and no longer fail the gate; a new one does', async () => {
    const first = await check(['--format', 'json']);
    const baseline = path.join(tmp, 'baseline.json');
    fs.writeFileSync(baseline, first.stdout);
    const again = await check(['--format', 'json', '--baseline', baseline]);
    assert.equal(again.code, 0, again.stderr);
    const report = json(again) as Report & { baseline: { leftOut: number } };
    assert.deepEqual(report.manifests[0].tree!.packages.flatMap((p) => p.findings.map((f) => f.code)), []);
    const before = json(first);
    const all = [...before.manifests[0].dependencies, ...before.manifests[0].tree!.packages].flatMap((p) => (p.findings as Array<{ code: string }>).map((f) => f.code));
    assert.equal(report.baseline.leftOut, all.length, all.join());
    // left-pad's rejection taken out of the baseline: it is new again, so the gate fails.
    const edited = JSON.parse(first.stdout) as Report;
    const lp = edited.manifests[0].tree!.packages.find((p) => p.name === 'left-pad')!;
    lp.findings = lp.findings.filter((f) => f.code !== 'rejected');
    fs.writeFileSync(baseline, JSON.stringify(edited));
    assert.equal((await check(['--baseline', baseline])).code, 1);
  });

  it('markdown: tree findings are rows on the direct dependency that brings them in, with the path', async () => {
    const md = (await check(['--format', 'markdown'])).stdout;
    assert.match(md.split('\n')[0], /in 3 dependencies and 5 packages below them$/);
    const row = md.split('\n').find((l) => l.includes('`left-pad`') && l.includes('**rejected**'));
    assert.ok(row, md);
    const expressLine = fs.readFileSync(path.join(APP, 'package.json'), 'utf8').split('\n').findIndex((l) => l.includes('"express"')) + 1;
    // Markdown-escaped, as every text in that report.
    assert.ok(row.includes(`package\\.json\\:${expressLine} (via express → finalhandler → debug → left\\-pad)`), row);
  });

  it('summary.tree counts each distinct name@version once per run, however many manifests install it', async () => {
    const ws = path.join(tmp, 'two-apps');
    for (const dir of ['a', 'b']) fs.cpSync(APP, path.join(ws, dir), { recursive: true });
    const r = await runCli(['check', '.', '--format', 'json', ...registryFlags(registry.url), '--cache-dir', path.join(tmp, `cache-${++n}`)], { cwd: ws });
    const report = json(r);
    assert.equal(report.manifests.length, 2);
    assert.deepEqual(report.manifests.map((m) => m.tree!.summary.packages), [5, 5]);
    assert.deepEqual(report.summary.tree, { packages: 5, approved: 2, conditional: 0, rejected: 1, uncertified: 2, unresolved: 0, skipped: 0, errors: 0 });
    assert.equal(registry.requests.filter((x) => x.endpoint === 'certificate' && x.package === 'left-pad').length, 1, 'asked once for both manifests');
  });

  it('entries that are not registry packages (git, links) are listed as skipped, counted, and never looked up', async () => {
    const dir = path.join(tmp, 'with-git');
    fs.cpSync(APP, dir, { recursive: true });
    const lockPath = path.join(dir, 'package-lock.json');
    const lock = JSON.parse(fs.readFileSync(lockPath, 'utf8')) as { packages: Record<string, Record<string, unknown>> };
    (lock.packages['node_modules/debug'].dependencies as Record<string, string>)['private-thing'] = 'github:acme/private-thing';
    lock.packages['node_modules/private-thing'] = { version: '1.0.0', resolved: 'git+ssh://git@github.com/acme/private-thing.git#0123456789abcdef0123456789abcdef01234567' };
    fs.writeFileSync(lockPath, JSON.stringify(lock, null, 2));
    const r = await runCli(['check', '.', '--format', 'json', ...registryFlags(registry.url), '--cache-dir', path.join(tmp, `cache-${++n}`)], { cwd: dir });
    const report = json(r);
    const tree = report.manifests[0].tree!;
    const skipped = tree.packages.filter((p) => p.status === 'skipped');
    assert.deepEqual(
      skipped.map((p) => [p.registry, p.name, p.version, p.findings]),
      [['npm', 'private-thing', null, [{ code: 'skipped', severity: 'hint', message: 'private-thing: not checked — git source' }]]],
    );
    assert.deepEqual(tree.summary, { packages: 6, approved: 2, conditional: 0, rejected: 1, uncertified: 2, unresolved: 0, skipped: 1, errors: 0 });
    assert.deepEqual(report.summary.tree, tree.summary);
    assert.ok(!registry.requests.some((x) => JSON.stringify(x).includes('private-thing')), 'a private name never reaches a registry');
    const text = await runCli(['check', '.', ...registryFlags(registry.url), '--cache-dir', path.join(tmp, `cache-${++n}`)], { cwd: dir });
    assert.ok(text.stdout.includes('    – not checked  private-thing (git source)\n'), text.stdout);
    assert.ok(text.stdout.includes('(package-lock.json: 6 packages, 2 approved, 1 rejected, 2 uncertified, 1 skipped)'), text.stdout);
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
