/**
 * A finding's identity across runs (docs/ci.md, "Baselines and fingerprints"): the manifest's path,
 * the package (registry, name, version), the finding's code and, for an advisory, its id — never the
 * line, so moving or re-ordering lines keeps every identity. `--baseline` matches on it and SARIF's
 * `partialFingerprints` are built from it. A package deeper in the tree (a lockfile entry) has the same
 * four facts, so its findings get identities of the same shape.
 */
import { createHash } from 'node:crypto';

export interface FindingSubject {
  /** The manifest's path as the report prints it (relative to the working folder, `/` separators). */
  manifestPath: string;
  registry: string;
  /** The normalised name (npm: as written, PyPI: PEP 503). */
  name: string;
  version: string | null;
}

export interface FindingLike {
  code: string;
  advisoryId?: string;
}

/**
 * Findings that say the check is incomplete (a failed lookup, no exact version, no network) never
 * match a baseline: a gate must not pass because a lookup failed (docs/ci.md).
 */
export const NEVER_BASELINED: ReadonlySet<string> = new Set(['lookup-failed', 'unresolved', 'registry-unavailable']);

export function findingKey(subject: FindingSubject, finding: FindingLike): string {
  return JSON.stringify([subject.manifestPath, subject.registry, subject.name, subject.version ?? '', finding.code, finding.code === 'advisory' ? (finding.advisoryId ?? '') : '']);
}

/** The stable, opaque form used in SARIF `partialFingerprints`. */
export function fingerprint(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}
