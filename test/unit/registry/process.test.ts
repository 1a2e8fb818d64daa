import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { send } from './http';
import { GUIDE_LAST_LINE } from '../../registry/guide';

const ROOT = join(__dirname, '..', '..', '..');

const started: ChildProcessWithoutNullStreams[] = [];

function run(script: string, args: string[] = []): ChildProcessWithoutNullStreams {
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], { cwd: ROOT, stdio: 'pipe' });
  started.push(child);
  return child;
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

  // A failed assertion must not leave a registry running: mocha would wait for it forever.
  afterEach(() => {
    for (const child of started.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });

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

  it('the CLI prints one listening line, the drafts and three commands to try, logs requests and exits cleanly on SIGTERM', async () => {
    const child = run(join('test', 'registry', 'cli.ts'), ['--latency', '1', '--token', 'cli-token']);
    const next = lines(child);
    const banner = await next();
    const match = /^SIGMA local registry listening on (http:\/\/127\.0\.0\.1:\d+) \(token: cli-token\)$/.exec(banner);
    assert.ok(match?.[1], banner);
    // Then the drafts it serves and the commands to try, down to the line that introduces the log.
    const guide: string[] = [];
    for (let line = await next(); line !== GUIDE_LAST_LINE; line = await next()) guide.push(line);
    const text = guide.join('\n');
    for (const draft of ['draft_web_app_42', 'draft_data_service_7', 'draft_disabled']) assert.match(text, new RegExp(`^  ${draft} `, 'm'));
    assert.ok(text.includes(`node dist/cli.js check examples --api-url ${match[1]} --npm-registry-url ${match[1]} --pypi-url ${match[1]}`), text);
    assert.ok(text.includes(`SIGMA_TOKEN=cli-token node dist/cli.js preview draft_web_app_42 --api-url ${match[1]}`), text);
    assert.match(text, /^Standing faults \(so every status can be seen\):\n {2}SIGMA answers 502 for Flask-SQLAlchemy's certificate/m);
    const curl = new RegExp(`curl -s ${match[1]}(/\\S+)`).exec(text);
    assert.ok(curl?.[1], text);
    assert.equal((await send(match[1], curl[1])).status, 200, 'the curl example answers');
    assert.match(await next(), new RegExp(`GET ${curl[1].replace(/[.]/g, '\\.')} -> 200 \\d+ms$`), 'the curl example was logged');
    // The standing fault is really applied: the example registry fails that one lookup.
    assert.equal((await send(match[1], '/api/v1/public/packages/pypi/flask-sqlalchemy/3.1.1')).status, 502);
    assert.match(await next(), /GET \/api\/v1\/public\/packages\/pypi\/flask-sqlalchemy\/3\.1\.1 -> 502 \d+ms \[fault: status\]$/);
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
