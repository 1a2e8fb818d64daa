/**
 * A separate process writing into a shared cache folder, for test/reliability/sharedCache.test.ts:
 * `node --import tsx cacheWriter.ts DIR PREFIX COUNT` sets COUNT certificate entries named
 * PREFIX-0 … and writes the file after each one (as often as a busy editor window could), then closes.
 * It starts writing when its stdin says "go", so two writers overlap.
 */
import { createDiskCache } from '../../server/src/node/cache/diskCache';

const [dir, prefix, countText] = process.argv.slice(2);
const cache = createDiskCache({ dir, flushDelayMs: 60_000 });
process.stdout.write('loaded\n');
process.stdin.once('data', () => {
  void (async () => {
    for (let i = 0; i < Number(countText); i++) {
      cache.set('certificate', `${prefix}-${i}`, { value: { prefix, i }, storedAt: Date.now() });
      await cache.flush();
    }
    await cache.close();
    process.stdout.write('done\n');
    process.exit(0);
  })();
});
