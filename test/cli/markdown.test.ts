/**
 * `--format markdown` (docs/ci.md): a summary line and a table of findings, worst first, capped for a
 * pull request comment, without ANSI, with text from the network escaped and only http(s) links.
 */
import assert from 'node:assert/strict';
import { cliWorkspace, type CliWorkspace } from '../helpers/cliProject';
import { markdownReport } from '../../server/src/cli/report/markdownReport';
import type { ManifestResult } from '../../server/src/cli/report/reportModel';

describe('CLI: --format markdown', function () {
  let ws: CliWorkspace;
  before(async () => {
    ws = await cliWorkspace();
  });
  after(() => ws.close());

  it('summary line, then one row per finding, errors before warnings before notes; no ANSI even with FORCE_COLOR', async () => {
    const dir = ws.project({ 'package.json': '{ "dependencies": { "minimist": "1.2.5", "axios": "1.6.7", "left-pad": "1.3.0", "express": "4.19.2" } }' });
    const r = await ws.check(['.', '--format', 'markdown'], { cwd: dir, env: { FORCE_COLOR: '1' } });
    assert.equal(r.code, 1);
    assert.doesNotMatch(r.stdout, /\u001b/);
    const lines = r.stdout.split('\n');
    assert.match(lines[0], /^### ✗ SIGMA Package Trust: \d+ errors, \d+ warnings in 4 dependencies$/);
    assert.match(r.stdout, /^2 approved, 0 conditional, 1 rejected, 1 uncertified, 0 unresolved, 0 skipped, 0 lookup errors$/m);
    assert.ok(lines.includes('| | Package | Version | Where | Finding | Link |'));
    const rows = lines.filter((l) => /^\| [✗⚠ℹ·]/.test(l));
    const rank = (l: string): number => ['✗', '⚠', 'ℹ', '·'].indexOf(l[2]);
    assert.deepEqual(rows.map(rank), [...rows.map(rank)].sort((a, b) => a - b), 'worst first');
    assert.match(rows[0], /^\| ✗ error \| `[a-z-]+` \| /);
    const leftPad = rows.find((l) => l.includes('`left-pad`') && l.includes('**rejected**'))!;
    assert.match(leftPad, /\| package\\\.json\\:1 \(exact\) \| \*\*rejected\*\* SIGMA verdict REJECTED/);
    assert.match(leftPad, /\| \[certificate\]\(http:\/\/127\.0\.0\.1:\d+\/[^)]+\) \|$/);
    // A link text from the network cannot become a link (the fixture's minimist advisory title holds one).
    for (const row of rows) assert.doesNotMatch(row.replace(/\[(certificate|advisory)\]\(https?:[^)]+\)/g, ''), /\]\(/, row);
    assert.ok(rows.some((l) => l.includes('`minimist`') && l.includes('[advisory](https://')));
  });

  it('a clean project says so', async () => {
    const r = await ws.check(['.', '--format', 'markdown'], { cwd: ws.project({ 'package.json': '{ "dependencies": { "express": "4.19.2" } }' }) });
    assert.equal(r.code, 0);
    assert.match(r.stdout, /^### ✓ SIGMA Package Trust: 0 errors, 0 warnings in 1 dependency\n/);
    assert.match(r.stdout, /\nNo findings\.\n$/);
  });

  it('caps the table and counts the rest ("… and N more")', () => {
    const finding = (i: number) => ({ code: 'uncertified' as const, severity: 'information' as const, message: `pkg-${i} 1.0.0: not certified by SIGMA` });
    const dependencies = Array.from({ length: 60 }, (_, i) => ({
      dependency: { registry: 'npm', name: `pkg-${i}`, normalizedName: `pkg-${i}`, range: { start: { line: i, character: 0 }, end: { line: i, character: 5 } } },
      resolution: { version: '1.0.0', resolvedFrom: 'exact' },
      status: 'uncertified',
      facts: null,
      findings: [finding(i)],
    }));
    const results = [{ path: 'package.json', kind: 'package.json', check: { parsed: { kind: 'package.json', dependencies: [], errors: [] }, dependencies } }] as unknown as ManifestResult[];
    const md = markdownReport(results, { maxRows: 50 });
    assert.equal(md.split('\n').filter((l) => l.startsWith('| ℹ note')).length, 50);
    assert.match(md, /\n… and 10 more\n$/);
  });
});
