/**
 * Two processes sharing one cache folder (two editor windows and a CI job, docs/security.md) keep
 * each other's entries: every write merges what is on disk under a lock, instead of replacing the file
 * with one process's memory.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createDiskCache } from '../../server/src/node/cache/diskCache';

const WRITER = path.resolve(__dirname, '../helpers/cacheWriter.ts');

function startWriter(dir: string, prefix: string, count: number): { child: ChildProcess; said: (word: string) => Promise<void> } {
  const child = spawn(process.execPath, ['--import', 'tsx', WRITER, dir, prefix, String(count)], { stdio: ['pipe', 'pipe', 'inherit'] });
  let out = '';
  const waiters: Array<() => void> = [];
  child.stdout.on('data', (chunk: Buffer) => {
    out += chunk.toString();
    for (const wake of waiters.splice(0)) wake();
  });
  const said = (word: string): Promise<void> =>
    new Promise((resolve, reject) => {
      const check = (): void => {
        if (out.split('\n').includes(word)) resolve();
        else if (child.exitCode !== null) reject(new Error(`${prefix} writer exited (${child.exitCode}) before saying ${word}`));
        else waiters.push(check);
      };
      child.once('exit', check);
      check();
    });
  return { child, said };
}

describe('reliability: a cache folder shared by two processes', function () {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sigma-shared-cache-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('two processes writing interleaved (a write after every entry) both keep every entry', async () => {
    const count = 60;
    const a = startWriter(dir, 'window-a', count);
    const b = startWriter(dir, 'ci-job', count);
    // Both have loaded the (empty) folder before either writes.
    await Promise.all([a.said('loaded'), b.said('loaded')]);
    a.child.stdin!.end('go\n');
    b.child.stdin!.end('go\n');
    await Promise.all([a.said('done'), b.said('done')]);

    const reader = createDiskCache({ dir });
    const missing: string[] = [];
    for (const prefix of ['window-a', 'ci-job']) {
      for (let i = 0; i < count; i++) if (reader.get('certificate', `${prefix}-${i}`) === undefined) missing.push(`${prefix}-${i}`);
    }
    await reader.close();
    assert.deepEqual(missing, [], `${missing.length} entries lost`);
    assert.deepEqual(fs.readdirSync(dir), ['certificate.cache'], 'no lock or temporary file left');
  });
});
