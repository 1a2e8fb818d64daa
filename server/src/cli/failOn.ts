/**
 * `--fail-on`: when a check run should make CI fail (exit 1).
 * - `rejected`: a rejected verdict, or a pinned hash that does not match what SIGMA reviewed.
 * - `uncertified`: the above, or a version SIGMA has not certified, or whose status is unknown.
 * - `warning`: the above, or any finding of warning or error severity (advisories, security level, …).
 * - `never`: only usage or fatal errors fail (exit 2).
 */
import { incompleteReason } from '../service/stages/completeness';
import type { CheckedDependency } from '../service/model';

export type FailOn = 'rejected' | 'warning' | 'uncertified' | 'never';
export const FAIL_ON_VALUES: readonly FailOn[] = ['rejected', 'warning', 'uncertified', 'never'];

function isRejectedLevel(d: CheckedDependency): boolean {
  return d.status === 'rejected' || d.findings.some((f) => f.code === 'integrity-mismatch');
}

function isUncertifiedLevel(d: CheckedDependency): boolean {
  return isRejectedLevel(d) || d.status === 'uncertified' || d.status === 'error';
}

function isWarningLevel(d: CheckedDependency): boolean {
  return isUncertifiedLevel(d) || d.status === 'conditional' || d.findings.some((f) => f.severity === 'warning' || f.severity === 'error');
}

export function shouldFail(deps: CheckedDependency[], failOn: FailOn): boolean {
  const active = deps.filter((d) => d.suppression?.state !== 'active');
  switch (failOn) {
    case 'never':
      return false;
    case 'rejected':
      return active.some(isRejectedLevel);
    case 'uncertified':
      return active.some(isUncertifiedLevel);
    case 'warning':
      return active.some(isWarningLevel);
  }
}

/** Exit codes of `check` (README.md, CLI reference), first match wins after usage errors (2): 1 --fail-on met, 3 incomplete, 0. */
export const EXIT_FAIL_ON = 1;
export const EXIT_INCOMPLETE = 3;

export interface Verdict {
  code: 0 | 1 | 3;
  /** The dependencies that could not be checked, with why (empty unless code is 3). */
  incomplete: Array<{ dependency: CheckedDependency; reason: string }>;
  /**
   * Manifests whose lockfile could not be read (`lockfile-unreadable`), with why: their ranges were
   * checked instead of what gets installed, so the check is incomplete too (empty unless code is 3).
   */
  unreadableLockfiles: Array<{ manifest: string; reason: string }>;
}

export function exitVerdict(deps: CheckedDependency[], failOn: FailOn, unreadableLockfiles: Verdict['unreadableLockfiles'] = []): Verdict {
  if (shouldFail(deps, failOn)) return { code: EXIT_FAIL_ON, incomplete: [], unreadableLockfiles: [] };
  if (failOn === 'never') return { code: 0, incomplete: [], unreadableLockfiles: [] };
  const incomplete: Verdict['incomplete'] = [];
  for (const dependency of deps) {
    const reason = incompleteReason(dependency);
    if (reason !== undefined) incomplete.push({ dependency, reason });
  }
  return { code: incomplete.length > 0 || unreadableLockfiles.length > 0 ? EXIT_INCOMPLETE : 0, incomplete, unreadableLockfiles };
}
