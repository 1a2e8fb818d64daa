/**
 * Whether a lockfile that pins a manifest could be read, and the `lockfile-unreadable` message when
 * not (docs/language-server.md; docs/formats/tree.md, "When a lockfile cannot be read"). Any error-severity
 * problem means the file is not what its package manager wrote (corrupt, an unknown format version,
 * several YAML documents, bun's binary bun.lockb): its pins are not used, the manifest falls back to
 * its ranges, and the user is told once, naming the file and why. Warnings (an entry without a name)
 * leave the rest of the file usable.
 */
import type { ParsedLockfile } from './model';

/** The `lockfile-unreadable` message, or undefined when the lockfile was read. `name`: the lockfile as seen from the manifest. */
export function unreadableLockfile(lockfile: ParsedLockfile, name: string): string | undefined {
  const errors = lockfile.errors.filter((e) => e.severity === 'error');
  if (errors.length === 0) return undefined;
  const first = errors[0];
  const line = first.range.start.line > 0 ? ` (line ${first.range.start.line + 1})` : '';
  const more = errors.length > 1 ? ` (and ${errors.length - 1} more ${errors.length === 2 ? 'problem' : 'problems'})` : '';
  // Parsers prefix some messages with the file's kind (`pnpm-lock.yaml: …`), which the sentence already names.
  const why = first.message.trim().replace(new RegExp(`^${lockfile.kind.replace(/\./g, '\\.')}: `), '').replace(/[.;:\s]+$/, '');
  return `${name} could not be read, so this file's ranges are used instead: ${why}${line}${more}.`;
}

/** `file` relative to the folder `dir` (both absolute, either separator), with `/`. */
export function relativeLockfileName(dir: string, file: string): string {
  const split = (p: string) => p.split(/[\\/]+/).filter((s) => s !== '');
  const from = split(dir);
  const to = split(file);
  let common = 0;
  while (common < from.length && common < to.length - 1 && from[common] === to[common]) common++;
  return [...Array<string>(from.length - common).fill('..'), ...to.slice(common)].join('/');
}
