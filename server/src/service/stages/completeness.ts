/**
 * Whether a dependency was really checked. A gate never passes because a lookup failed
 * (README.md, CLI reference: exit code 3): a dependency is incomplete when SIGMA's answer failed (`error`), when no
 * exact version could be determined for any reason but the user's own choice not to resolve ranges,
 * when the lookup carrying its advisory rows failed, or when its check never finished. Decided from
 * data (`Resolution.cause`, `TrustFacts.advisoriesUnknown`), never from message text.
 */
import { NOT_LOOKED_UP_WORDS } from '../../../../shared/src/statusWords';
import type { CheckedDependency, LookupFailure, UnresolvedCause } from '../model';

const FAILURE_WORDS: Readonly<Record<LookupFailure, string>> = {
  network: 'the registry could not be reached',
  failed: 'the lookup failed',
  'offline-miss': 'not in the cache (offline)',
  cancelled: 'the lookup was cancelled',
  refused: 'the lookup was refused',
};

const CAUSE_WORDS: Readonly<Record<Exclude<UnresolvedCause, LookupFailure>, string>> = {
  'ranges-off': 'range lookup is off',
  'no-match': 'no version satisfies the range',
  'not-found': 'not found on the registry',
  'not-registry': 'not a registry version',
  invalid: 'the specifier is not valid',
  'unset-variable': 'an environment variable is not set',
  'not-in-lockfile': 'not in the lockfile, which is out of date',
};

/** Lookup failures (as opposed to definite answers such as "no such version"). */
export function isLookupFailure(cause: UnresolvedCause | undefined): cause is LookupFailure {
  return cause !== undefined && cause in FAILURE_WORDS;
}

/** Why this dependency was not fully checked, in a few words; undefined when its check is complete. */
export function incompleteReason(d: CheckedDependency): string | undefined {
  // A suppressed dependency is out of scope, as it is for --fail-on (README.md, CLI reference).
  if (d.suppression?.state === 'active') return undefined;
  if (d.pending) return 'the check did not finish';
  switch (d.status) {
    case 'skipped':
      return undefined;
    case 'error':
      return `SIGMA lookup: ${FAILURE_WORDS[d.facts?.failure ?? (d.facts?.networkFailure ? 'network' : 'failed')]}`;
    case 'unresolved': {
      const cause = d.resolution.cause;
      if (cause === 'ranges-off') return undefined;
      if (cause === undefined) return 'no exact version could be determined';
      // Nothing was asked, so not "version lookup: …" (docs/security.md, "What a manifest may not decide").
      if (cause === 'refused') return `${NOT_LOOKED_UP_WORDS}: its index is on a host that is not allowed`;
      return isLookupFailure(cause) ? `version lookup: ${FAILURE_WORDS[cause]}` : CAUSE_WORDS[cause];
    }
    default: {
      const missing = d.facts?.advisoriesUnknown;
      return missing === undefined ? undefined : `advisories unknown: ${FAILURE_WORDS[missing]}`;
    }
  }
}

export function isIncomplete(d: CheckedDependency): boolean {
  return incompleteReason(d) !== undefined;
}
