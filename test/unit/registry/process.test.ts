import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { send } from './http';

const ROOT = join(__dirname, '..', '..', '..');

function run(script: string, args: string[] = []): ChildProcessWithoutNullStreams {
  return spawn(process.execPath, ['--import', 'tsx', script, ...args], { cwd: ROOT, stdio: 'pipe' });
}

function exited(child: ChildProcessWithoutNullStreams): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
}

/** Resolves with each stdout line in turn. */
function lines(child: ChildProcessWithoutNullStreams): () => Promise<string> {
  const queue: string[] = [];
  const waiting: Array<(line: string) => void> = [];
  createInterface({ input: child.stdout }).on('line', (line) => {
    const next = waiting.shift();
    if (next) next(line);
    else queue.push(line);
  });
  return () => {
    const line = queue.shift();
    return line !== undefined ? Promise.resolve(line) : new Promise((resolve) => waiting.push(resolve));
  };
}

describe('local registry: processes', function () {
  // Starting Node with tsx takes seconds on a busy machine.
  this.timeout(60_000);

  it('close() leaves no handles: a process with requests stuck in every slow fault exits by itself', async () => {
    const child = run(join('test', 'unit', 'registry', 'children', 'closeWithOpenWork.ts'));
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const next = lines(child);
    assert.equal(await next(), 'closed');
    // The child holds 60-second timers and a 200 MB body if close() leaked them; exiting proves it did not.
    const exit = await exited(child);
    assert.deepEqual(exit, { code: 0, signal: null }, stderr);
  });

  it('the CLI prints one listening line, logs requests and exits cleanly on SIGTERM', async () => {
    const child = run(join('test', 'registry', 'cli.ts'), ['--latency', '1', '--token', 'cli-token']);
    const next = lines(child);
    const banner = await next();
    const match = /^SIGMA local registry listening on (http:\/\/127\.0\.0\.1:\d+) \(token: cli-token\)$/.exec(banner);
    assert.ok(match?.[1], banner);
    const res = await send(match[1], '/api/v1/sigma/dev/drafts/draft_disabled/package-preview', {
      method: 'POST',
      headers: { authorization: 'Bearer cli-token' },
    });
    assert.equal(res.status, 200);
    const logLine = await next();
    assert.match(logLine, /POST \/api\/v1\/sigma\/dev\/drafts\/draft_disabled\/package-preview -> 200 \d+ms$/);
    assert.doesNotMatch(logLine, /cli-token/);
    const done = exited(child);
    child.kill('SIGTERM');
    assert.deepEqual(await done, { code: 0, signal: null });
  });

  it('the CLI refuses a port that is not a number', async () => {
    const child = run(join('test', 'registry', 'cli.ts'), ['--port', 'abc']);
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exit = await exited(child);
    assert.equal(exit.code, 2);
    assert.match(stderr, /--port must be a whole number/);
  });
});
