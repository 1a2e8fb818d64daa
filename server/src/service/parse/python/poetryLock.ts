/**
 * poetry.lock → pins. Lock-version 1.x keeps file hashes apart, under `[metadata.files]` keyed by
 * package name; 2.x puts `files = [{file, hash}]` inside each `[[package]]`. Packages whose
 * `[package.source]` is git, a directory, a file or a URL are not registry pins and are left out;
 * `legacy` (a private index) sources are kept, since they are still versions of an indexed package.
 */
import type { ParsedLockfile } from '../../model';
import { normalizePypiName } from './pep503';
import { fileDigests, isTable, LockfileBuilder, sha256, str, tables, type Plain } from './pyLockfile';

const NOT_INDEXED = new Set(['git', 'directory', 'file', 'url']);

export function parsePoetryLock(text: string): ParsedLockfile {
  const lock = new LockfileBuilder('poetry.lock', text);
  const data = lock.values.data;
  if (!lock.knownVersion('lock-version', isTable(data.metadata) ? data.metadata['lock-version'] : undefined, ['1', '2'])) return lock.result();
  const legacyFiles = metadataFiles(data);
  tables(data.package).forEach((pkg, i) => {
    const name = str(pkg.name);
    const version = str(pkg.version);
    if (name === undefined || version === undefined) {
      lock.warnAt('package', i, 'poetry.lock: [[package]] without a name or version is ignored');
      return;
    }
    const source = isTable(pkg.source) ? str(pkg.source.type) : undefined;
    if (source !== undefined && NOT_INDEXED.has(source)) return;
    const files = Array.isArray(pkg.files) ? pkg.files : legacyFiles.get(normalizePypiName(name));
    lock.add(name, version, fileHashes(files));
  });
  return lock.result();
}

/** Lock-version 1.x `[metadata.files]`: keys are names as Poetry wrote them, so compare them normalised. */
function metadataFiles(data: Plain): Map<string, unknown> {
  const files = isTable(data.metadata) && isTable(data.metadata.files) ? data.metadata.files : {};
  return new Map(Object.entries(files).map(([k, v]) => [normalizePypiName(k), v]));
}

function fileHashes(files: unknown): string[] {
  return fileDigests(files, (f) => sha256(f.hash));
}
