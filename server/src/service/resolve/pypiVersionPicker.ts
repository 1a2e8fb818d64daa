/**
 * The version pip installs for a PEP 440 specifier set: the newest matching version, with pip's
 * rules for pre-releases and yanked releases. Python-version and wheel-tag compatibility are not
 * evaluated (markers are not either: every dependency is checked).
 */
import { explain, rcompare, valid } from '@renovatebot/pep440';
import { isPinned, matchesAll, namesPrerelease, parseSpecifierSet } from './pep440Match';
import type { PypiProjectSummary } from './pypiProject';
import type { VersionPick } from './versionPick';

export type { VersionPick } from './versionPick';
export type { PypiProjectSummary, PypiRelease } from './pypiProject';
export { readPypiProject } from './pypiProject';


export interface PypiPickOptions {
  /** The requirement is an exact pin (a bare version here means `==version`). */
  exactPin: boolean;
  /** `--pre`: pre-releases compete with final releases. */
  allowPrereleases: boolean;
}

export function pickPypiVersion(project: PypiProjectSummary, constraint: string, opts: PypiPickOptions): VersionPick {
  const written = constraint.trim();
  const specifier = opts.exactPin && valid(written) ? `==${written}` : written;
  const clauses = parseSpecifierSet(specifier);
  const shown = written === '' ? 'any version' : `'${written}'`;
  if (!clauses) return { version: null, reason: `${shown} is not a valid PEP 440 version specifier` };

  const matching = [...project.releases.keys()].filter((v) => valid(v) !== null && matchesAll(clauses, v)).sort(rcompare);
  // Pre-release admission looks at yanked releases too (pip filters by specifier before it drops yanked files).
  const prereleasesAllowed = opts.allowPrereleases || namesPrerelease(clauses);
  const finals = prereleasesAllowed ? matching : matching.filter((v) => !explain(v)!.is_prerelease);
  const applicable = finals.length > 0 ? finals : matching;
  // PEP 592 as pip applies it: yanked releases only for an `==`/`===` pin, and only when every candidate is yanked.
  const live = applicable.filter((v) => !project.releases.get(v)!.yanked);
  const pinned = opts.exactPin || isPinned(clauses);
  const best = live[0] ?? (pinned ? applicable[0] : undefined);
  if (best !== undefined) return { version: best };
  if (project.releases.size === 0) return { version: null, reason: `${project.name} has no installable releases` };
  const yankedSkipped = applicable.length;
  const yankedNote = yankedSkipped > 0 ? ` (${yankedSkipped} yanked ${yankedSkipped === 1 ? 'release matches' : 'releases match'}; pip ignores yanked releases unless pinned with ==)` : '';
  return { version: null, reason: `no release of ${project.name} satisfies ${shown}${yankedNote}` };
}
