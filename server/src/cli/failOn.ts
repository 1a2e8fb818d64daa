/**
 * `--fail-on`: when a check run should make CI fail (exit 1).
 * - `rejected`: a rejected verdict, or a pinned hash that does not match what SIGMA reviewed.
 * - `uncertified`: the above, or a version SIGMA has not certified, or whose status is unknown.
 * - `warning`: the above, or any finding of warning or error severity (advisories, security level, …).
 * - `never`: only usage or fatal errors fail (exit 2).
 */
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
