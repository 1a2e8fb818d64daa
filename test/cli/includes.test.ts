/**
 * `-r` / `-c` includes through the CLI: each file is read once and reported as its own manifest; an
 * include is called a cycle only when it leads back to the including file (the pure check in
 * service/parse/python/requirementsIncludes.ts), also through a file named on the command line, and
 * never for a file that two others include.
 */
import assert from 'node:assert/strict';
import { cliWorkspace, type CliWorkspace } from '../helpers/cliProject';

interface Report {
  manifests: Array<{ path: string; errors: Array<{ message: string; range: { start: { line: number } } }>; dependencies: Array<{ name: string }> }>;
}

describe('CLI: requirements includes', function () {
  this.timeout(60_000);
  let ws: CliWorkspace;
  before(async () => {
    ws = await cliWorkspace();
  });
  after(() => ws.close());

  const run = async (dir: string, files: string[]): Promise<Report> => {
    const r = await ws.check([...files, '--format', 'json', '--offline'], { cwd: dir });
    assert.equal(r.code, 3, `offline with an empty cache the check is incomplete: ${r.stderr}`);
    return JSON.parse(r.stdout) as Report;
  };
  const problems = (report: Report): string[] => report.manifests.flatMap((m) => m.errors.map((e) => `${m.path}:${e.range.start.line}: ${e.message}`));

  it('a file two others include (read before the second) is not a cycle, and is read once', async () => {
    const dir = ws.project({
      'requirements.txt': '-r common.txt\n-r b.txt\n',
      'b.txt': '-r common.txt\nflask==3.0.2\n',
      'common.txt': 'requests==2.31.0\n',
    });
    const report = await run(dir, ['requirements.txt']);
    assert.deepEqual(problems(report), []);
    assert.deepEqual(report.manifests.map((m) => m.path).sort(), ['b.txt', 'common.txt', 'requirements.txt']);
    assert.deepEqual(report.manifests.flatMap((m) => m.dependencies.map((d) => d.name)).sort(), ['flask', 'requests']);
  });

  it('a cycle through a file named on the command line is reported on the include that closes it', async () => {
    const dir = ws.project({
      'requirements.txt': '-r requirements-dev.txt\nrequests==2.31.0\n',
      'requirements-dev.txt': 'pytest==8.2.0\n-r requirements.txt\n',
    });
    const report = await run(dir, ['requirements.txt', 'requirements-dev.txt']);
    assert.deepEqual(problems(report), ['requirements-dev.txt:1: include cycle: requirements.txt leads back to this file (pip would loop)']);
    assert.deepEqual(report.manifests.map((m) => m.path).sort(), ['requirements-dev.txt', 'requirements.txt']);
  });
});
