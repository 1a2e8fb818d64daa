/**
 * `sigma-trust check` end to end: the built CLI against the local registry with a temp cache
 * folder — report formats (text, JSON report of docs/ci.md, SARIF validated against a 2.1.0 subset),
 * exit codes, offline and cache behaviour, flags, progress, folder search and includes.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv from 'ajv';
import type { LocalRegistry } from '../registry';
import { cliWorkspace, type CliWorkspace } from '../helpers/cliProject';
import { runCli, type CliResult } from '../helpers/cliRunner';

const ROOT = path.resolve(__dirname, '../..');
const SARIF_SCHEMA = JSON.parse(fs.readFileSync(path.join(ROOT, 'test/helpers/sarif-2.1.0-subset.schema.json'), 'utf8')) as object;

interface JsonRange {
  start: { line: number; character: number };
  end: { line: number; character: number };
}
interface JsonDependency {
  registry: string;
  name: string;
  normalizedName: string;
  specifier: string;
  section: string;
  range: JsonRange;
  resolvedVersion: string | null;
  resolvedFrom: string | null;
  status: string;
  certificate: Record<string, unknown> | null;
  advisories: Array<{ id: unknown; source: string; severity: string; title: string; url: unknown }>;
  findings: Array<{ code: string; severity: string; message: string }>;
}
interface JsonReport {
  schemaVersion: number;
  manifests: Array<{ path: string; kind: string; errors: Array<{ message: string; range: JsonRange }>; dependencies: JsonDependency[]; tree: { summary: Record<string, number>; packages: Array<{ findings: unknown[] }> } | null }>;
  summary: Record<string, number>;
}

describe('CLI: sigma-trust check', function () {
  let ws: CliWorkspace;
  let registry: LocalRegistry;
  let tmp: string;
  let n = 0;
  const cacheDir = (): string => path.join(tmp, `cache-check-${++n}`);
  /** A project folder under the temp folder with the given files. */
  const project = (files: Record<string, string>): string => ws.project(files);
  const check = (args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv; tty?: boolean; cache?: string } = {}): Promise<CliResult> =>
    ws.check(args, { ...opts, cwd: opts.cwd ?? ROOT, cache: opts.cache ?? cacheDir() });
  const json = (r: CliResult): JsonReport => JSON.parse(r.stdout) as JsonReport;

  before(async () => {
    ws = await cliWorkspace();
    ({ registry, tmp } = ws);
  });
  after(() => ws.close());

  describe('reports over examples/', () => {
    let text: CliResult;
    let report: JsonReport;
    let sarif: CliResult;
    before(async () => {
      const cache = cacheDir();
      text = await check(['examples'], { cache });
      [report, sarif] = [json(await check(['examples', '--format', 'json'], { cache })), await check(['examples', '--format', 'sarif'], { cache })];
    });

    it('text: a table per manifest and one summary line, without colour when stdout is not a terminal', () => {
      assert.equal(text.code, 1, 'rejected dependencies fail by default');
      assert.ok(!text.stdout.includes('\u001b['), 'no escape sequences when piped');
      assert.match(text.stdout, /^examples\/web-app\/package\.json \(package\.json, 13 dependencies\)$/m);
      assert.match(text.stdout, /^ {2}PACKAGE +VERSION +FROM +STATUS *$/m);
      assert.match(text.stdout, /^ {2}left-pad +1\.3\.0 +lockfile +✗ rejected *$/m);
      // debug is not in web-app's package-lock.json (out of date on purpose, examples/README.md).
      assert.match(text.stdout, /^ {2}debug +- +\? unresolved *$/m);
      assert.match(text.stdout, /^ {6}· unresolved debug: no exact version could be determined — package-lock\.json has no entry for it, so it is older than this file: run `npm install` to update it; until then which version gets installed is not known$/m);
      assert.match(text.stdout, /\n35 dependencies, 20 approved, 2 conditional, 2 rejected, 4 uncertified, 2 unresolved, 5 skipped, 0 errors\n$/);
      assert.equal(text.stderr, '', 'no progress on stderr when it is not a terminal');
    });

    it('json: the docs/ci.md schema — top level, summary counts', () => {
      assert.deepEqual(Object.keys(report), ['schemaVersion', 'manifests', 'summary']);
      assert.equal(report.schemaVersion, 1);
      const { tree, ...direct } = report.summary as Record<string, unknown>;
      assert.deepEqual(direct, { dependencies: 35, approved: 20, conditional: 2, rejected: 2, uncertified: 4, unresolved: 2, skipped: 5, errors: 0 });
      // summary.tree: the same counts over every manifest's tree (docs/tree.md).
      const trees = report.manifests.map((m) => m.tree).filter((t) => t !== null);
      assert.deepEqual(tree, Object.fromEntries(Object.keys(tree as object).map((k) => [k, trees.reduce((n, t) => n + t.summary[k], 0)])));
      const all = report.manifests.flatMap((m) => m.dependencies);
      assert.equal(all.length, report.summary.dependencies);
      for (const status of ['approved', 'conditional', 'rejected', 'uncertified', 'unresolved', 'skipped'] as const) {
        assert.equal(all.filter((d) => d.status === status).length, report.summary[status], status);
      }
    });

    it('json: every dependency carries the docs/ci.md fields with their types; advisory ids are strings', () => {
      const fields = ['registry', 'name', 'normalizedName', 'specifier', 'section', 'range', 'resolvedVersion', 'resolvedFrom', 'status', 'certificate', 'advisories', 'findings'];
      for (const m of report.manifests) {
        assert.deepEqual(Object.keys(m), ['path', 'kind', 'errors', 'dependencies', 'tree']);
        for (const d of m.dependencies) {
          for (const f of fields) assert.ok(f in d, `${m.path} ${d.name}: ${f}`);
          assert.ok(['exact', 'lockfile', 'registry', null].includes(d.resolvedFrom), String(d.resolvedFrom));
          assert.ok(['approved', 'conditional', 'rejected', 'uncertified', 'error', 'unresolved', 'skipped'].includes(d.status));
          for (const a of d.advisories) {
            assert.equal(typeof a.id, 'string');
            for (const f of ['source', 'severity', 'title']) assert.equal(typeof a[f as keyof typeof a], 'string');
          }
          for (const f of d.findings) assert.deepEqual(Object.keys(f).slice(0, 3), ['code', 'severity', 'message']);
        }
      }
    });

    it('json: zero-based ranges, names, sections, resolvedFrom and status per docs/ci.md', () => {
      const req = report.manifests.find((m) => m.path === 'examples/data-service/requirements.txt')!;
      const fsa = req.dependencies.find((d) => d.name === 'Flask_SQLAlchemy')!;
      assert.deepEqual(
        { ...fsa, certificate: undefined, findings: undefined, advisories: undefined, freshness: undefined },
        {
          registry: 'pypi',
          name: 'Flask_SQLAlchemy',
          normalizedName: 'flask-sqlalchemy',
          specifier: '>=3.0,<4',
          section: 'requirements',
          range: { start: { line: 10, character: 0 }, end: { line: 10, character: 24 } },
          resolvedVersion: '3.1.1',
          resolvedFrom: 'registry',
          status: 'approved',
          certificate: undefined,
          findings: undefined,
          advisories: undefined,
          freshness: undefined,
          subtree: null,
        },
      );
      assert.equal(fsa.certificate?.packageName, 'Flask-SQLAlchemy', 'the certificate as received');
      const web = report.manifests.find((m) => m.path === 'examples/web-app/package.json')!;
      const byName = (name: string): JsonDependency => web.dependencies.find((d) => d.name === name)!;
      assert.deepEqual([byName('express').resolvedFrom, byName('debug').resolvedFrom, byName('ui-kit').resolvedFrom], ['lockfile', null, null]);
      assert.equal(byName('@types/node').section, 'devDependencies');
      assert.equal(byName('left-pad').status, 'rejected');
      assert.equal(byName('minimist').status, 'uncertified');
      assert.equal(byName('@types/node').status, 'conditional');
      // Security level and advisories are findings, never a change of status.
      assert.equal(byName('axios').status, 'approved');
      assert.deepEqual(byName('axios').findings.map((f) => f.code), ['security-level', 'retained-warning', 'advisory']);
      assert.equal(byName('ui-kit').status, 'skipped');
      assert.deepEqual(byName('ui-kit').findings.map((f) => f.code), ['skipped']);
      assert.equal(byName('ui-kit').certificate, null);
      const ml = report.manifests.find((m) => m.path === 'examples/ml-pipeline/pyproject.toml')!;
      assert.deepEqual(
        ml.dependencies.map((d) => [d.normalizedName, d.section]).filter(([, s]) => s !== 'project.dependencies'),
        [['matplotlib', 'project.optional-dependencies.plots'], ['seaborn', 'project.optional-dependencies.plots'], ['black', 'dependency-groups.dev'], ['ruff', 'dependency-groups.dev'], ['pytest', 'dependency-groups.dev']],
      );
    });

    it('json: a -r include is reported under the included file\'s own path', () => {
      const dev = report.manifests.find((m) => m.path === 'examples/data-service/requirements-dev.txt')!;
      assert.deepEqual(dev.dependencies.map((d) => d.normalizedName), ['black', 'pytest', './libs/test-helpers'].slice(0, dev.dependencies.length));
      assert.deepEqual(dev.dependencies.find((d) => d.normalizedName === 'black')!.range, { start: { line: 1, character: 0 }, end: { line: 1, character: 13 } });
      const main = report.manifests.find((m) => m.path === 'examples/data-service/requirements.txt')!;
      assert.ok(!main.dependencies.some((d) => d.normalizedName === 'black' || d.normalizedName === 'pytest'));
    });

    it('sarif: valid against the SARIF 2.1.0 subset, one result per finding, 1-based lines, relative URIs', () => {
      const ajv = new Ajv({ allErrors: true, strict: true });
      ajv.addFormat('uri', (s: string) => /^[a-z][a-z0-9+.-]*:\S+$/i.test(s));
      ajv.addFormat('uri-reference', (s: string) => !/[\s\\]/.test(s) && !s.startsWith('/'));
      const log = JSON.parse(sarif.stdout) as { runs: Array<{ tool: { driver: { name: string; rules: Array<{ id: string }> } }; results: Array<{ ruleId: string; level: string; message: { text: string }; locations: Array<{ physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }> }> }> };
      const validate = ajv.compile(SARIF_SCHEMA);
      assert.ok(validate(log), JSON.stringify(validate.errors?.slice(0, 5)));
      assert.equal(sarif.code, 1);
      const run = log.runs[0];
      assert.equal(run.tool.driver.name, 'sigma-trust');
      const findings = report.manifests.flatMap((m) => m.dependencies.flatMap((d) => d.findings.map((f) => ({ m, d, f }))));
      // Each finding of a package below the direct dependencies is one result too, on the line that brings it in.
      const treeFindings = report.manifests.flatMap((m) => (m.tree?.packages ?? []).flatMap((p) => p.findings));
      assert.equal(run.results.length, findings.length + treeFindings.length);
      const ruleIds = new Set(run.tool.driver.rules.map((r) => r.id));
      for (const r of run.results) assert.ok(ruleIds.has(r.ruleId), r.ruleId);
      const leftPad = run.results.find((r) => r.ruleId === 'rejected' && r.message.text.startsWith('left-pad'))!;
      assert.equal(leftPad.level, 'error');
      assert.equal(leftPad.locations[0].physicalLocation.artifactLocation.uri, 'examples/web-app/package.json');
      const lp = report.manifests.find((m) => m.path === 'examples/web-app/package.json')!.dependencies.find((d) => d.name === 'left-pad')!;
      assert.equal(leftPad.locations[0].physicalLocation.region.startLine, lp.range.start.line + 1);
      assert.deepEqual([...new Set(run.results.filter((r) => r.ruleId === 'uncertified').map((r) => r.level))], ['note']);
      assert.deepEqual([...new Set(run.results.filter((r) => r.ruleId === 'retained-warning').map((r) => r.level))], ['warning']);
    });
  });

  describe('exit codes', () => {
    const clean = (): string => project({ 'package.json': '{ "dependencies": { "express": "4.19.2" } }' });
    const rejected = (): string => project({ 'package.json': '{ "dependencies": { "left-pad": "1.3.0" } }' });
    const warning = (): string => project({ 'package.json': '{ "dependencies": { "axios": "1.6.7" } }' });
    const uncertified = (): string => project({ 'package.json': '{ "dependencies": { "express": "5.0.0" } }' });
    const cases: Array<[string, () => string, string[], number]> = [
      ['clean', clean, [], 0],
      ['clean with --fail-on warning', clean, ['--fail-on', 'warning'], 0],
      ['rejected (default --fail-on rejected)', rejected, [], 1],
      ['rejected with --fail-on never', rejected, ['--fail-on', 'never'], 0],
      ['warning-level finding with --fail-on rejected', warning, [], 0],
      ['warning-level finding with --fail-on warning', warning, ['--fail-on', 'warning'], 1],
      ['warning-level finding with --fail-on uncertified', warning, ['--fail-on', 'uncertified'], 0],
      ['uncertified with --fail-on uncertified', uncertified, ['--fail-on', 'uncertified'], 1],
      ['uncertified with --fail-on warning', uncertified, ['--fail-on', 'warning'], 1],
      ['uncertified with --fail-on rejected', uncertified, ['--fail-on', 'rejected'], 0],
    ];
    for (const [name, dir, flags, code] of cases) {
      it(`${code} for ${name}`, async () => {
        const r = await check([dir(), ...flags]);
        assert.equal(r.code, code, r.stdout + r.stderr);
      });
    }

    const usage: Array<[string, string[], RegExp]> = [
      ['an unknown flag', ['check', '.', '--bogus'], /bogus/],
      ['a bad --format', ['check', '.', '--format', 'xml'], /--format must be text, json, sarif or markdown/],
      ['a bad --fail-on', ['check', '.', '--fail-on', 'sometimes'], /--fail-on must be one of/],
      ['a missing path', ['check', 'no/such/dir'], /no such file or folder: no\/such\/dir/],
      ['a file that is not a manifest', ['check', 'README.md'], /not a supported manifest/],
      ['an unknown command', ['chek'], /unknown command "chek"/],
      ['no command', [], /missing command/],
    ];
    for (const [name, args, message] of usage) {
      it(`2 for ${name}, with a message on stderr and nothing on stdout`, async () => {
        const r = await runCli(args, { cwd: ROOT });
        assert.equal(r.code, 2);
        assert.match(r.stderr, message);
        assert.equal(r.stdout, '');
      });
    }
  });

  describe('cache, offline and flags', () => {
    const files = { 'package.json': '{ "dependencies": { "left-pad": "1.3.0", "minimist": "1.2.5", "debug": "^4.3.1" } }' };
    const statusOf = (r: JsonReport): unknown => r.manifests[0].dependencies.map((d) => [d.name, d.resolvedVersion, d.status, d.findings.map((f) => f.code)]);

    it('--cache-dir persists answers: a second run makes no request while they are fresh; --offline too, with the same results', async () => {
      const dir = project(files);
      const cache = cacheDir();
      const first = json(await check([dir, '--format', 'json'], { cache }));
      registry.clearLog();
      const second = json(await check([dir, '--format', 'json'], { cache }));
      assert.deepEqual(registry.requests.map((r) => r.rawPath), [], 'no request on the warm run');
      const offline = json(await check([dir, '--format', 'json', '--offline'], { cache }));
      assert.deepEqual(registry.requests.map((r) => r.rawPath), [], 'no request offline');
      assert.deepEqual(statusOf(second), statusOf(first));
      assert.deepEqual(statusOf(offline), statusOf(first));
      assert.deepEqual(statusOf(first), [
        ['left-pad', '1.3.0', 'rejected', ['rejected', 'security-level', 'retained-warning', 'retained-warning']],
        ['minimist', '1.2.5', 'uncertified', ['uncertified', 'advisory']],
        ['debug', '4.3.4', 'approved', []],
      ]);
    });

    it('a cold --offline run shows errors, not verdicts, and makes no request', async () => {
      const dir = project(files);
      registry.clearLog();
      const r = await check([dir, '--format', 'json', '--offline']);
      assert.deepEqual(registry.requests, []);
      const report = json(r);
      assert.deepEqual(report.manifests[0].dependencies.map((d) => d.status), ['error', 'error', 'unresolved']);
      assert.equal(report.summary.errors, 2);
      assert.equal(report.summary.approved + report.summary.uncertified + report.summary.rejected, 0);
    });

    it('--no-advisory-fallback: no registry advisories for an uncertified version, no bulk request', async () => {
      registry.clearLog();
      const r = json(await check([project(files), '--format', 'json', '--no-advisory-fallback']));
      const minimist = r.manifests[0].dependencies.find((d) => d.name === 'minimist')!;
      assert.deepEqual([minimist.status, minimist.advisories, minimist.findings.map((f) => f.code)], ['uncertified', [], ['uncertified']]);
      assert.equal(registry.requests.filter((q) => q.endpoint === 'npmBulk').length, 0);
    });

    it('--no-resolve-ranges: a range without a lockfile pin is unresolved, and no version lookup is made', async () => {
      registry.clearLog();
      const r = json(await check([project(files), '--format', 'json', '--no-resolve-ranges']));
      const debug = r.manifests[0].dependencies.find((d) => d.name === 'debug')!;
      assert.deepEqual([debug.status, debug.resolvedVersion, debug.resolvedFrom], ['unresolved', null, null]);
      assert.equal(debug.findings[0].code, 'unresolved');
      assert.equal(registry.requests.filter((q) => q.endpoint === 'npmPackument').length, 0);
    });
  });

  describe('terminal behaviour', () => {
    const files = { 'package.json': '{ "dependencies": { "left-pad": "1.3.0", "express": "4.19.2" } }' };

    it('FORCE_COLOR colours the text report even when piped', async () => {
      const r = await check([project(files)], { env: { FORCE_COLOR: '1' } });
      assert.match(r.stdout, /\u001b\[31m✗ rejected/);
    });

    it('progress goes to stderr on a terminal, and the report still to stdout', async () => {
      const r = await check([project(files)], { tty: true });
      assert.equal(r.code, 1);
      assert.match(r.stdout, /Checking dependencies… \d+\/2/);
      // A terminal gets colour; the summary is there once the escape sequences are taken out.
      assert.match(r.stdout.replace(/\u001b\[[0-9;]*[A-Za-z]/g, ''), /2 dependencies, 1 approved, 0 conditional, 1 rejected/);
    });
  });

  describe('folder search', () => {
    it('finds manifests recursively, skipping node_modules, .git and virtualenvs', async () => {
      const dep = '{ "dependencies": { "express": "4.19.2" } }';
      const dir = project({
        'package.json': dep,
        'sub/requirements.txt': 'requests==2.31.0\n',
        'node_modules/x/package.json': dep,
        '.git/package.json': dep,
        '.venv/requirements.txt': 'requests==2.31.0\n',
        'env/pyvenv.cfg': 'home = /usr/bin\n',
        'env/lib/requirements.txt': 'requests==2.31.0\n',
        'docs/notes.txt': 'requests==2.31.0\n',
      });
      const r = json(await check(['.', '--format', 'json'], { cwd: dir }));
      assert.deepEqual(r.manifests.map((m) => m.path), ['package.json', 'sub/requirements.txt']);
    });

    it('a requirements file named on the command line brings its -r include as its own manifest', async () => {
      const dir = project({ 'requirements.txt': '-r base/common.txt\nrequests==2.31.0\n', 'base/common.txt': '# shared\nPyYAML==6.0.1\n' });
      const r = json(await check(['requirements.txt', '--format', 'json'], { cwd: dir }));
      assert.deepEqual(r.manifests.map((m) => [m.path, m.dependencies.map((d) => [d.normalizedName, d.range.start.line])]), [
        ['base/common.txt', [['pyyaml', 1]]],
        ['requirements.txt', [['requests', 1]]],
      ]);
    });
  });
});
