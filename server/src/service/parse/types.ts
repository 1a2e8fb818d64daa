/** The shapes every parser folder fills in, keyed by the kinds of the table of formats (shared/src/formats.ts). */
import type { ParsedLockfile, ParsedManifest } from '../model';

export interface ManifestParseOptions {
  /** The file is a constraints file (`constraints*.txt`). */
  constraints?: boolean;
}

/** `text → ParsedManifest`, never throwing on bad input, ranges from the raw source. */
export type ManifestParser = (text: string, opts: ManifestParseOptions) => ParsedManifest;

/** `memberPath`: for a workspace member, its folder relative to the lockfile's folder (posix). */
export type LockfileParser = (text: string, memberPath?: string) => ParsedLockfile;
