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

  // PEP 592 as pip applies it: yanked releases only for `==`/`===` pins.
  const yankedAllowed = opts.exactPin || isPinned(clauses);
  const matching: string[] = [];
  let yankedSkipped = 0;
  for (const [version, release] of project.releases) {
    if (!valid(version) || !matchesAll(clauses, version)) continue;
    if (release.yanked && !yankedAllowed) yankedSkipped++;
    else matching.push(version);
  }
  matching.sort(rcompare);

  const prereleasesAllowed = opts.allowPrereleases || namesPrerelease(clauses);
  // Without permission, pre-releases are used only when no final release matches.
  const best = prereleasesAllowed ? matching[0] : (matching.find((v) => !explain(v)!.is_prerelease) ?? matching[0]);
  if (best !== undefined) return { version: best };
  const yankedNote = yankedSkipped > 0 ? ` (${yankedSkipped} yanked ${yankedSkipped === 1 ? 'release matches' : 'releases match'}; pip ignores yanked releases unless pinned with ==)` : '';
  return { version: null, reason: `no release of ${project.name} satisfies ${shown}${yankedNote}` };
}
