import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createDiskCache, type DiskCache } from '../../../server/src/node/cache/diskCache';

/** Sets a new key every `everyMs` until `untilMs` has passed; returns whether the file existed at the end. */
async function keepWriting(cache: DiskCache, file: string, everyMs: number, untilMs: number): Promise<{ writtenDuring: boolean }> {
  const started = Date.now();
  let i = 0;
  let writtenDuring = false;
  while (Date.now() - started < untilMs) {
    cache.set('certificate', `k${i++}`, { value: i, storedAt: i });
    await new Promise((resolve) => setTimeout(resolve, everyMs));
    writtenDuring ||= fs.existsSync(file);
  }
  return { writtenDuring };
}

async function waitForFile(file: string): Promise<void> {
  while (!fs.existsSync(file)) await new Promise((resolve) => setTimeout(resolve, 5));
}

describe('node/diskCache write scheduling', () => {
  let dir: string;
  let cache: DiskCache | undefined;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sigma-cache-debounce-'));
  });
  afterEach(async () => {
    await cache?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('waits for a quiet period: a steady stream of changes is not written while it lasts', async () => {
    cache = createDiskCache({ dir, flushDelayMs: 150, maxFlushDelayMs: 60_000 });
    const file = path.join(dir, 'certificate.cache');
    const { writtenDuring } = await keepWriting(cache, file, 10, 450);
    assert.equal(writtenDuring, false, 'written before the changes stopped');
    await waitForFile(file);
    const reread = createDiskCache({ dir });
    assert.ok(reread.get('certificate', 'k0') !== undefined, 'the first change is in the file');
    await reread.close();
  });

  it('still writes while changes keep coming, once the oldest has waited maxFlushDelayMs', async () => {
    cache = createDiskCache({ dir, flushDelayMs: 100, maxFlushDelayMs: 150 });
    const file = path.join(dir, 'certificate.cache');
    const { writtenDuring } = await keepWriting(cache, file, 10, 1_000);
    assert.equal(writtenDuring, true, 'never written while the stream lasted');
  });
});
