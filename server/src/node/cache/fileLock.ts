/**
 * A lock file beside a cache file, so that processes sharing one cache folder (two editor windows
 * and a CI job) take turns to read, merge and replace it (docs/security.md). `open(…, 'wx')` creates
 * the file only if it does not exist, atomically, on local file systems and NFSv3+.
 */
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';

export interface FileLockOptions {
  /** A lock older than this is a leftover of a process that died while holding it. Default 10 s. */
  staleMs?: number;
  /** Pause between attempts while another process holds the lock. Default 5–25 ms. */
  retryMs?: () => number;
}

/** Runs `work` while holding `lockPath`; the lock is released (only if still ours) whatever happens. */
export async function withFileLock<T>(lockPath: string, work: () => Promise<T>, options: FileLockOptions = {}): Promise<T> {
  const staleMs = options.staleMs ?? 10_000;
  const retryMs = options.retryMs ?? ((): number => 5 + Math.random() * 20);
  const token = `${process.pid}-${randomBytes(6).toString('hex')}`;
  for (;;) {
    try {
      await fs.writeFile(lockPath, token, { flag: 'wx', mode: 0o600 });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    // A write takes milliseconds; a lock this old belongs to a process that died holding it.
    const age = await fs.stat(lockPath).then((s) => Date.now() - s.mtimeMs, () => undefined);
    if (age !== undefined && age > staleMs) {
      await fs.rm(lockPath, { force: true });
      continue;
    }
    await new Promise((resolve) => setTimeout(resolve, retryMs()));
  }
  try {
    return await work();
  } finally {
    // Taken over as stale meanwhile? Then it is another process's lock now: leave it.
    const holder = await fs.readFile(lockPath, 'utf8').catch(() => undefined);
    if (holder === token) await fs.rm(lockPath, { force: true });
  }
}
