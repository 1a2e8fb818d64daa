/**
 * The file-system side of "includes only inside the workspace folder" (docs/security.md): after the
 * text-only rule (service/policy/includes.ts), a link that leads out of the folder, or anything that
 * is not a regular file (a device such as /dev/stdin, a FIFO, a folder), is refused too, and files
 * are opened so that a FIFO or a device can never block the process.
 */
import { constants, promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { ParsedManifest } from '../service/model';
import { includeRefusal } from '../service/policy/includes';

function toPosix(file: string): string {
  return file.split(path.sep).join('/');
}

function isInside(file: string, root: string): boolean {
  const rel = path.relative(root, file);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}

/** Why the file at `target` (an include written as `written`) may not be read, or undefined. */
async function fileRefusal(target: string, root: string, written: string): Promise<string | undefined> {
  // Missing altogether: reading it reports that, as for any missing file.
  if (!(await fs.lstat(target).then(() => true, () => false))) return undefined;
  let real: string;
  try {
    real = await fs.realpath(target);
  } catch {
    // A link to something that has no path (`/dev/stdin` → a pipe) or to nothing.
    return `'${written}' is not followed: it is a link that leads out of the workspace folder, and includes are read only inside it`;
  }
  const realRoot = await fs.realpath(root).catch(() => root);
  if (!isInside(real, realRoot)) return `'${written}' is not followed: it is a link that leads out of the workspace folder, and includes are read only inside it`;
  const stat = await fs.stat(real).catch(() => undefined);
  if (stat && !stat.isFile()) return `'${written}' is not followed: it is not a regular file (a device, a FIFO or a folder)`;
  return undefined;
}

/**
 * Checks every `-r`/`-c` include of `parsed` (read from `file`) against `root`. Each refused one
 * becomes an error on its line and is dropped from `parsed.includes`; returns the files that may be read.
 */
export async function vetIncludes(parsed: ParsedManifest, file: string, root: string): Promise<string[]> {
  const allowed: string[] = [];
  const kept = [];
  for (const include of parsed.includes ?? []) {
    const target = path.resolve(path.dirname(file), include.path);
    const refusal = includeRefusal(toPosix(path.resolve(file)), include.path, toPosix(path.resolve(root))) ?? (await fileRefusal(target, root, include.path));
    if (refusal) {
      parsed.errors.push({ message: refusal, severity: 'error', range: include.range });
    } else {
      allowed.push(target);
      kept.push(include);
    }
  }
  if (parsed.includes) parsed.includes = kept;
  return allowed;
}

/** Reads a text file; a FIFO or a device is refused without blocking (opened non-blocking, then checked). */
export async function readRegularFile(file: string): Promise<string> {
  const handle = await fs.open(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOCTTY ?? 0));
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) throw new Error('not a regular file (a device, a FIFO or a folder)');
    return await handle.readFile('utf8');
  } finally {
    await handle.close();
  }
}
