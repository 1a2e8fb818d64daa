/**
 * A PyPI project's release list, read from the JSON API (`GET /pypi/<name>/json`) and reduced to what
 * version picking needs: per release, whether it is yanked and its files' sha256 digests.
 */
import { normalizePypiName } from '../parse/python/pep503';
import { hasProtoKey, isObject, own, quote } from '../../../../shared/src/jsonReading';

export interface PypiRelease {
  /** PEP 592: every file of the release is yanked. */
  yanked: boolean;
  /** Lower-case hex sha256 of each file. */
  sha256: string[];
}

export interface PypiProjectSummary {
  name: string;
  releases: Map<string, PypiRelease>;
}

const SHA256 = /^[0-9a-f]{64}$/i;

export function readPypiProject(json: unknown, askedName: string): PypiProjectSummary | { invalid: string } {
  if (!isObject(json)) return { invalid: 'the index answer is not a JSON object' };
  const info = own(json, 'info');
  const name = isObject(info) ? own(info, 'name') : undefined;
  if (typeof name !== 'string') return { invalid: 'the index answer has no project name' };
  if (normalizePypiName(name) !== normalizePypiName(askedName)) {
    return { invalid: `the index answered for '${quote(name)}' instead of '${askedName}'` };
  }
  const raw = own(json, 'releases');
  if (!isObject(raw)) return { invalid: 'the index answer has no release list' };
  if (hasProtoKey(raw)) return { invalid: 'the index answer has a forbidden key' };
  const releases = new Map<string, PypiRelease>();
  for (const [version, files] of Object.entries(raw)) {
    if (!Array.isArray(files)) continue;
    const records = files.filter(isObject);
    // A release without files has nothing pip could install, so pip never sees it as a candidate.
    if (records.length === 0) continue;
    const sha256 = new Set<string>();
    for (const file of records) {
      const digests = own(file, 'digests');
      const digest = isObject(digests) ? own(digests, 'sha256') : undefined;
      if (typeof digest === 'string' && SHA256.test(digest)) sha256.add(digest.toLowerCase());
    }
    releases.set(version, { yanked: records.every((f) => own(f, 'yanked') === true), sha256: [...sha256] });
  }
  return { name, releases };
}

/**
 * The summary as a minimal JSON API document (one file per digest), so the cache holds kilobytes
 * rather than the full answer and `readPypiProject` validates what comes back from the cache.
 */
export function pypiProjectToJson(project: PypiProjectSummary): unknown {
  const releases: Record<string, unknown> = {};
  for (const [version, release] of project.releases) {
    const digests = release.sha256.length > 0 ? release.sha256 : [undefined];
    releases[version] = digests.map((sha256) => ({ yanked: release.yanked, digests: sha256 === undefined ? {} : { sha256 } }));
  }
  return { info: { name: project.name }, releases };
}
