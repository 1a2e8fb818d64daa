/**
 * bun.lockb, bun's binary lockfile: not read (its layout is bun's private format and changes between
 * versions). A project that has only this file gets a clear error with the command that writes the
 * text lockfile, never a silent fall-back to ranges (docs/language-server.md).
 */
import type { ParsedLockfile } from '../../model';

export const BUN_LOCKB_MESSAGE =
  "it is bun's binary lockfile, whose layout only bun reads; run `bun install --save-text-lockfile` (bun 1.1.39 or newer) to write the text lockfile bun.lock, which is read.";

export function parseBunLockb(): ParsedLockfile {
  const start = { line: 0, character: 0 };
  return { kind: 'bun.lockb', packages: new Map(), errors: [{ message: BUN_LOCKB_MESSAGE, severity: 'error', range: { start, end: start } }] };
}
