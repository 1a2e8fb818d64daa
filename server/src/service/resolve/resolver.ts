/**
 * The exact version the user gets for one dependency (docs/language-server.md): the lockfile's pin, else an
 * exact pin in the manifest, else (with `sigma.resolveRanges`) what npm / pip would pick from the
 * registry, else null with the reason.
 */
import { clean } from 'semver';
import type { Dependency, ParsedLockfile, Resolution, UnresolvedCause } from '../model';
import { lockedEntry } from './lockPin';
import { missingFromLockfile } from './lockMissing';
import { pickNpmVersion } from './npmVersionPicker';
import { normalizePep440Version } from './pep440Match';
import { pickPypiVersion } from './pypiVersionPicker';
import type { VersionPick } from './versionPick';
import type { VersionSource } from './versionSource';
import { namesAsWritten } from '../../../../shared/src/envTemplate';
import { indexRefusal } from './indexRefusal';

export interface ResolveContext {
  lockfile?: ParsedLockfile;
  settings: { resolveRanges: boolean; npmRegistryUrl: string; pypiUrl: string; apiUrl?: string; allowedIndexHosts?: readonly string[] };
  /** requirements `--pre`. */
  allowPrereleases?: boolean;
  signal?: AbortSignal;
  /** Cache only (CLI `--offline`). */
  offline?: boolean;
}

export interface ResolverDeps {
  versions: VersionSource;
}

export interface Resolver {
  resolve(dep: Dependency, ctx: ResolveContext): Promise<Resolution>;
}

function failed(fetched: { error: string; networkFailure: boolean; cancelled?: boolean; cause?: UnresolvedCause }): Resolution {
  if (fetched.cancelled === true) return unresolved(fetched.error, 'cancelled', { cancelled: true });
  const cause = fetched.cause ?? (fetched.networkFailure ? 'network' : 'failed');
  return unresolved(fetched.error, cause, fetched.networkFailure ? { networkFailure: true } : {});
}

function unresolved(reason: string, cause: UnresolvedCause, extra: Partial<Resolution> = {}): Resolution {
  return { version: null, resolvedFrom: null, reason, cause, hashes: [], ...extra };
}

/** The version an exact pin names, in the form the registry lists it. */
function exactVersion(dep: Dependency): string {
  const written = dep.constraint.trim();
  if (dep.registry === 'npm') return clean(written) ?? written;
  // `===` compares strings, so its version is kept verbatim; `==` pins are PEP 440 normalised.
  if (dep.specifier.includes('===')) return written;
  return normalizePep440Version(written) ?? written;
}

export function createResolver(deps: ResolverDeps): Resolver {
  async function fromRegistry(dep: Dependency, ctx: ResolveContext): Promise<Resolution> {
    const opts = { offline: ctx.offline === true };
    let pick: VersionPick;
    let stale: boolean;
    let fetchedAt: number;
    if (dep.registry === 'npm') {
      const got = await deps.versions.npmPackument(ctx.settings.npmRegistryUrl, dep.normalizedName, ctx.signal, opts);
      if ('error' in got) return failed(got);
      stale = got.freshness === 'stale';
      fetchedAt = got.fetchedAt;
      pick = pickNpmVersion(got.value, dep.constraint, dep.kind === 'tag' ? 'tag' : 'range');
    } else {
      const got = await deps.versions.pypiProject(dep.indexUrl ?? ctx.settings.pypiUrl, dep.normalizedName, ctx.signal, dep.indexUrlExpandsEnv ? { ...opts, expandEnv: true } : opts);
      if ('error' in got) return failed(got);
      stale = got.freshness === 'stale';
      fetchedAt = got.fetchedAt;
      pick = pickPypiVersion(got.value, dep.constraint, { exactPin: dep.kind === 'exact', allowPrereleases: ctx.allowPrereleases === true });
    }
    const extra: Partial<Resolution> = stale ? { stale: true, fetchedAt } : { fetchedAt };
    const from = dep.kind === 'exact' ? 'exact' : 'registry';
    return pick.version === null ? unresolved(pick.reason, 'no-match', extra) : { version: pick.version, resolvedFrom: from, hashes: dep.kind === 'exact' ? [...(dep.hashes ?? [])] : [], ...extra };
  }

  /** An exact PyPI pin: the release pip would install for it, or unresolved saying why the index could not tell. */
  async function exactFromIndex(dep: Dependency, ctx: ResolveContext): Promise<Resolution> {
    const resolution = await fromRegistry(dep, ctx);
    if (resolution.version !== null || resolution.cancelled === true) return resolution;
    // No version list (network, offline cache miss, a failed or missing index answer): guessing the
    // written text would check a version pip may never install, so say so instead.
    if (resolution.fetchedAt === undefined) resolution.reason = `which release '${dep.specifier}' installs could not be asked of the index — ${resolution.reason ?? 'no answer'}`;
    return resolution;
  }

  return {
    async resolve(dep, ctx) {
      if (dep.skipReason !== undefined) return unresolved(dep.skipReason, 'not-registry');
      if (dep.envVariables && dep.envVariables.length > 0) {
        // docs/security.md: a value from the environment never becomes a checked (and reported) version.
        return unresolved(`the version needs the environment variable ${namesAsWritten(dep.envVariables)}; environment values are never read into a check, so write the version in the file`, 'unset-variable');
      }
      if (dep.kind !== 'exact' && dep.kind !== 'range' && dep.kind !== 'tag') {
        return unresolved(`'${dep.specifier}' is not a registry version (${dep.kind})`, dep.kind === 'invalid' ? 'invalid' : 'not-registry');
      }
      // An exact or locked version would otherwise send a private package's name to SIGMA and PyPI.
      const refused = indexRefusal(dep.indexUrl, ctx.settings);
      if (refused) return unresolved(refused, 'refused');
      const locked = lockedEntry(dep, ctx.lockfile);
      if (locked) {
        const resolution: Resolution = { version: locked.version, resolvedFrom: 'lockfile', hashes: [...locked.hashes] };
        if (locked.integrity !== undefined) resolution.integrity = locked.integrity;
        if (locked.resolved !== undefined) resolution.tarballUrl = locked.resolved;
        return resolution;
      }
      const missing = missingFromLockfile(dep, ctx.lockfile);
      if (missing !== undefined) return unresolved(missing, 'not-in-lockfile');
      // pip resolves `==2.31` against the index: PEP 440 equality pads zeros (2.31.0) and ignores local
      // labels unless written (2.2.1+cpu), so the version installed is the newest listed release that
      // is equal, not the text of the pin. `===` compares strings and needs no index.
      if (dep.kind === 'exact' && dep.registry === 'pypi' && !dep.specifier.includes('===')) return exactFromIndex(dep, ctx);
      if (dep.kind === 'exact') return { version: exactVersion(dep), resolvedFrom: 'exact', hashes: [...(dep.hashes ?? [])] };
      if (!ctx.settings.resolveRanges) {
        return unresolved(`'${dep.specifier}' is not an exact version and range lookup is off (sigma.resolveRanges); pin a version or add a lockfile`, 'ranges-off');
      }
      return fromRegistry(dep, ctx);
    },
  };
}
