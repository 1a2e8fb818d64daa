/**
 * `--baseline REPORT.json` end to end (docs/ci.md, "Baselines"): findings already in an earlier JSON
 * report are left out of every output and of --fail-on, counted, and matched whatever their line.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { cliWorkspace, type CliWorkspace } from '../helpers/cliProject';

interface Report {
  manifests: Array<{ path: string; dependencies: Array<{ name: string; status: string; findings: Array<{ code: string; advisoryId?: string }> }> }>;
  baseline?: { file: string; leftOut: number };
}

const PACKAGE_JSON = `{
  "name": "shop",
  "dependencies": {
    "left-pad": "1.3.0",
    "axios": "1.6.7",
    "express": "4.19.2",
    "minimist": "1.2.5"
  }
}
`;
/** The same dependencies, re-ordered and moved down by a few lines. */
const MOVED = `{
  "name": "shop",
  "description": "lines above the dependencies moved everything down",
  "private": true,
  "dependencies": {
    "minimist": "1.2.5",
    "express": "4.19.2",
    "axios": "1.6.7",
    "left-pad": "1.3.0"
  }
}
`;
const REQUIREMENTS = 'requests==2.31.0\n';

describe('CLI: --baseline (new problems only)', function () {
  let ws: CliWorkspace;
  let dir: string;
  let baselineFile: string;
  let findingsInBaseline: number;

  before(async () => {
    ws = await cliWorkspace();
    dir = ws.project({ 'package.json': PACKAGE_JSON, 'requirements.txt': REQUIREMENTS });
    const first = await ws.check(['.', '--format', 'json'], { cwd: dir });
    assert.equal(first.code, 1, 'left-pad is rejected: the gate fails without a baseline');
    baselineFile = path.join(dir, 'sigma-baseline.json');
    fs.writeFileSync(baselineFile, first.stdout);
    const report = JSON.parse(first.stdout) as Report;
    findingsInBaseline = report.manifests.flatMap((m) => m.dependencies.flatMap((d) => d.findings)).length;
    assert.ok(findingsInBaseline >= 8, `the baseline holds findings (${findingsInBaseline})`);
  });
  after(() => ws.close());

  it('the same project against its own baseline: nothing reported, exit 0, and the count of what was left out', async () => {
    const r = await ws.check(['.', '--format', 'json', '--baseline', 'sigma-baseline.json'], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    const report = JSON.parse(r.stdout) as Report;
    assert.deepEqual(report.manifests.flatMap((m) => m.dependencies.flatMap((d) => d.findings)), []);
    assert.deepEqual(report.baseline, { file: 'sigma-baseline.json', leftOut: findingsInBaseline });
    // The dependencies and their statuses are still reported; only the findings are left out.
    assert.equal(report.manifests.find((m) => m.path === 'package.json')!.dependencies.find((d) => d.name === 'left-pad')!.status, 'rejected');
  });

  it('moving and re-ordering lines reports nothing new (text and markdown say how many were left out)', async () => {
    const moved = ws.project({ 'package.json': MOVED, 'requirements.txt': `# pinned for production\n\n${REQUIREMENTS}`, 'sigma-baseline.json': fs.readFileSync(baselineFile, 'utf8') });
    const text = await ws.check(['.', '--baseline', 'sigma-baseline.json', '--fail-on', 'warning'], { cwd: moved });
    assert.equal(text.code, 0, text.stdout);
    assert.match(text.stdout, new RegExp(`^${findingsInBaseline} findings left out: already in the baseline sigma-baseline\\.json$`, 'm'));
    assert.doesNotMatch(text.stdout, /^ {6}[✗⚠·] /m, 'no finding lines');
    assert.match(text.stdout, /^ {2}left-pad +1\.3\.0 +exact +✗ rejected \(in baseline\)$/m);
    const md = await ws.check(['.', '--baseline', 'sigma-baseline.json', '--format', 'markdown'], { cwd: moved });
    assert.equal(md.code, 0);
    assert.match(md.stdout, new RegExp(`${findingsInBaseline} findings left out: already in the baseline`));
    assert.match(md.stdout, /\nNo findings\.\n/);
  });

  it('adding one rejected dependency fails the gate and reports only that one', async () => {
    const grown = ws.project({
      'package.json': MOVED.replace('"left-pad": "1.3.0"', '"left-pad": "1.3.0",\n    "node-ipc": "10.1.1"'),
      'requirements.txt': REQUIREMENTS,
      'sigma-baseline.json': fs.readFileSync(baselineFile, 'utf8'),
    });
    const r = await ws.check(['.', '--format', 'json', '--baseline', 'sigma-baseline.json'], { cwd: grown });
    assert.equal(r.code, 1, 'the new rejected dependency fails the gate');
    const report = JSON.parse(r.stdout) as Report;
    const withFindings = report.manifests.flatMap((m) => m.dependencies.filter((d) => d.findings.length > 0).map((d) => d.name));
    assert.deepEqual(withFindings, ['node-ipc']);
    assert.ok(report.manifests[0].dependencies.find((d) => d.name === 'node-ipc')!.findings.some((f) => f.code === 'rejected'));
    assert.equal(report.baseline?.leftOut, findingsInBaseline);
    const md = await ws.check(['.', '--format', 'markdown', '--baseline', 'sigma-baseline.json'], { cwd: grown });
    const rows = md.stdout.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| |'));
    assert.ok(rows.length > 0 && rows.every((l) => l.includes('`node-ipc`')), md.stdout);
    const sarif = JSON.parse((await ws.check(['.', '--format', 'sarif', '--baseline', 'sigma-baseline.json'], { cwd: grown })).stdout) as {
      runs: Array<{ results: Array<{ properties: { package: string } }>; properties?: { baselineLeftOut?: number } }>;
    };
    assert.deepEqual([...new Set(sarif.runs[0].results.map((x) => x.properties.package))], ['node-ipc']);
    assert.equal(sarif.runs[0].properties?.baselineLeftOut, findingsInBaseline);
  });

  it('a manifest that moved to another path is not in the baseline (the path is part of the identity)', async () => {
    const elsewhere = ws.project({ 'app/package.json': PACKAGE_JSON, 'sigma-baseline.json': fs.readFileSync(baselineFile, 'utf8') });
    const r = await ws.check(['.', '--format', 'json', '--baseline', 'sigma-baseline.json'], { cwd: elsewhere });
    assert.equal(r.code, 1);
    assert.equal((JSON.parse(r.stdout) as Report).baseline?.leftOut, 0);
  });

  for (const [name, content, message] of [
    ['a missing file', undefined, /cannot read the --baseline file nope\.json: ENOENT/],
    ['a file that is not JSON', 'not json', /is not JSON \(write it with --format json\)/],
    ['JSON that is not a report', '{"runs": []}', /is not a sigma-trust --format json report/],
  ] as const) {
    it(`${name} is a one-line usage error (exit 2) before any request`, async () => {
      const d = ws.project({ 'package.json': PACKAGE_JSON, ...(content !== undefined ? { 'nope.json': content } : {}) });
      ws.registry.clearLog();
      const r = await ws.check(['.', '--baseline', 'nope.json'], { cwd: d });
      assert.equal(r.code, 2);
      assert.match(r.stderr, message);
      assert.equal(r.stderr.trimEnd().split('\n').length, 1, r.stderr);
      assert.equal(r.stdout, '');
      assert.deepEqual(ws.registry.requests, []);
    });
  }
});
