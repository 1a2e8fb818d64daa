import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { withFileLock } from '../../../server/src/node/cache/fileLock';

describe('node/cache/fileLock', () => {
  let dir: string;
  let lock: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sigma-lock-'));
    lock = path.join(dir, 'certificate.cache.lock');
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('a second holder waits until the first releases, then runs; the lock file is gone after', async () => {
    const order: string[] = [];
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let retries = 0;
    let retried!: () => void;
    const waitedThrice = new Promise<void>((resolve) => (retried = resolve));
    let started!: () => void;
    const firstHolds = new Promise<void>((resolve) => (started = resolve));
    const first = withFileLock(lock, async () => {
      order.push('first start');
      started();
      await held;
      order.push('first end');
    });
    await firstHolds;
    const second = withFileLock(
      lock,
      async () => {
        order.push('second');
      },
      {
        retryMs: () => {
          if (++retries === 3) retried();
          return 1;
        },
      },
    );
    await waitedThrice;
    assert.deepEqual(order, ['first start'], 'the second is still waiting');
    release();
    await Promise.all([first, second]);
    assert.deepEqual(order, ['first start', 'first end', 'second']);
    assert.equal(fs.existsSync(lock), false);
  });

  it('a lock left by a process that died long ago is taken over', async () => {
    fs.writeFileSync(lock, 'dead-process');
    const old = new Date(Date.now() - 60_000);
    fs.utimesSync(lock, old, old);
    assert.equal(await withFileLock(lock, async () => 'ran'), 'ran');
    assert.equal(fs.existsSync(lock), false);
  });

  it('releases after a failing work, and does not remove a lock that is no longer its own', async () => {
    await assert.rejects(withFileLock(lock, async () => Promise.reject(new Error('boom'))), /boom/);
    assert.equal(fs.existsSync(lock), false);
    await withFileLock(lock, async () => {
      // Taken over as stale while held: the new holder's lock stays.
      fs.writeFileSync(lock, 'someone else');
    });
    assert.equal(fs.readFileSync(lock, 'utf8'), 'someone else');
  });
});
