/**
 * `sigma-trust check … | head -c 10`: a reader that goes away ends the CLI quietly with the exit code
 * it would have had (README.md, CLI reference), not with an EPIPE stack trace.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CLI_JS } from '../helpers/cliRunner';

describe('CLI: a closed stdout', function () {
  let tmp: string;
  before(() => {
    tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'sigma-epipe-')));
    // Offline with an empty cache: no network, every package incomplete (exit 3), a report of ~1 MB,
    // far more than a pipe holds, so the CLI is still writing when the reader leaves.
    const deps: Record<string, string> = {};
    for (let i = 0; i < 1000; i++) deps[`pkg-${i}`] = `1.0.${i}`;
    fs.writeFileSync(path.join(tmp, 'package.json'), JSON.stringify({ dependencies: deps }));
  });
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  for (const format of ['json']) {
    it(`--format ${format} | head -c 10: no stack trace, and the exit code the run would have had (3)`, async () => {
      const child = spawn(process.execPath, [CLI_JS, 'check', '.', '--offline', '--format', format, '--cache-dir', path.join(tmp, `cache-${format}`)], {
        cwd: tmp,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stderr = '';
      child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
      // Like `head -c 10`: read the first bytes, then close the pipe.
      const first = await new Promise<Buffer>((resolve) => child.stdout.once('data', resolve));
      child.stdout.destroy();
      const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
      assert.ok(first.length > 0);
      assert.doesNotMatch(stderr, /EPIPE|Unhandled|\n\s+at /, stderr.slice(0, 2000));
      assert.equal(code, 3, stderr.slice(0, 2000));
    });
  }
});
