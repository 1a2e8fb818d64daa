/**
 * Replaces a file so that a reader (or a crash) only ever sees the old content or the new one:
 * write a temporary file in the same directory, fsync it, rename it over the target. The rename is
 * atomic on one file system, which is why the temporary file must not live in the OS temp dir.
 */
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';

/** Suffix of temporary files, so that leftovers of a crashed writer can be recognised. */
export const TEMP_SUFFIX = '.tmp';

export function tempPathFor(target: string): string {
  return `${target}.${process.pid}-${randomBytes(4).toString('hex')}${TEMP_SUFFIX}`;
}

export async function writeFileAtomic(target: string, content: string, encoding: BufferEncoding): Promise<void> {
  await fs.mkdir(path.dirname(target), { recursive: true });
  const temp = tempPathFor(target);
  let handle: fs.FileHandle | undefined;
  try {
    handle = await fs.open(temp, 'w', 0o600);
    await handle.writeFile(content, encoding);
    await handle.sync();
    await handle.close();
    handle = undefined;
    await fs.rename(temp, target);
  } catch (error) {
    await handle?.close().catch(() => undefined);
    await fs.rm(temp, { force: true }).catch(() => undefined);
    throw error;
  }
}
