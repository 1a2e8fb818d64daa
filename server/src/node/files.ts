/** The files port on Node's fs: lockfiles next to a manifest, stamped by modification time and size. */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { FilePort } from '../service/ports';

export function createNodeFiles(): FilePort {
  return {
    async stamp(file) {
      const stat = await fs.stat(file).catch(() => undefined);
      return stat?.isFile() ? `${stat.mtimeMs}:${stat.size}` : undefined;
    },
    readText: (file) => fs.readFile(file, 'utf8').catch(() => undefined),
    list: (dir) => fs.readdir(dir).catch(() => [] as string[]),
    dirname: (file) => path.dirname(path.resolve(file)),
    join: (dir, name) => path.join(dir, name),
  };
}
