/**
 * Which files are manifests and which lockfiles pin them: derived from the one table of formats
 * (shared/src/formats.ts, docs/architecture.md). Paths are posix-style or Windows-style; only the last
 * one or two segments matter.
 */
import { watchedFileGlob } from '../../../shared/src/formats';

export { detectLockfileKind, detectManifestKind, isLockfileCompanion, lockfileGlobs, lockfilesFor } from '../../../shared/src/formats';

/** True for constraints files, whose entries constrain versions rather than request packages. */
export function isConstraintsFile(path: string): boolean {
  const parts = path.split(/[\\/]/);
  return /^constraints.*\.txt$/i.test(parts[parts.length - 1] ?? '');
}

/** Glob (for file watchers) of every manifest and lockfile the server cares about. */
export const WATCHED_FILE_GLOB = watchedFileGlob();
