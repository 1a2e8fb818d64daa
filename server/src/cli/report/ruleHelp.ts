/**
 * What each finding code means for the person reading a code scanning alert, and what to do about
 * it: the `help` of the SARIF rules (docs/ci.md, "SARIF"). Per-result links (the certificate's verify
 * page, the advisory) travel with each result; the rule links to the registry itself.
 */
import type { DiagnosticCode, FindingSeverity } from '../../service/model';

export const SIGMA_HOME = 'https://api.soulbyte.tech';

export interface RuleHelp {
  text: string;
  uri: string;
  /** The default severity of the finding (docs/language-server.md, "Diagnostics"), as the rule's default level. */
  severity: FindingSeverity;
}

export const RULE_HELP: Record<DiagnosticCode, RuleHelp> = {
  rejected: { text: 'Do not ship this version: pin a version SIGMA approved (the editor offers it as a quick fix), or remove the dependency.', uri: SIGMA_HOME, severity: 'error' },
  conditional: { text: 'Read the certificate for the conditions the council attached before relying on this version.', uri: SIGMA_HOME, severity: 'warning' },
  'security-level': { text: "Read the certificate's findings; prefer a version whose security level is CLEAR.", uri: SIGMA_HOME, severity: 'warning' },
  'retained-warning': { text: 'The certificate keeps a warning the council chose not to block on; check that it does not apply to your use.', uri: SIGMA_HOME, severity: 'warning' },
  advisory: { text: "Upgrade to a version outside the advisory's affected range (it names the fixed versions when known); the result's href is the advisory.", uri: SIGMA_HOME, severity: 'warning' },
  'integrity-mismatch': { text: 'The file you pinned is not the one SIGMA reviewed: regenerate the lockfile or hashes from the registry, and investigate if it persists.', uri: SIGMA_HOME, severity: 'error' },
  'partial-analysis': { text: 'Only part of the package could be analysed; weigh the verdict accordingly.', uri: SIGMA_HOME, severity: 'information' },
  uncertified: { text: 'SIGMA has not reviewed this version yet: pin a certified version, or submit this one for certification.', uri: SIGMA_HOME, severity: 'information' },
  unresolved: { text: 'Add a lockfile or pin an exact version so the version you really install can be checked.', uri: SIGMA_HOME, severity: 'information' },
  skipped: { text: 'Dependencies from git, a path, a URL or the workspace are not registry packages and cannot be certified.', uri: SIGMA_HOME, severity: 'hint' },
  'lookup-failed': { text: 'The check is incomplete for this version: re-run when the registry answers; a gate never passes because of it.', uri: SIGMA_HOME, severity: 'warning' },
  'registry-unavailable': { text: 'The registries could not be reached; re-run with network access or a warm --cache-dir.', uri: SIGMA_HOME, severity: 'warning' },
  'lockfile-unreadable': { text: 'The check is incomplete: fix or regenerate the lockfile with its package manager (the message says why it could not be read) so the versions you install are checked.', uri: SIGMA_HOME, severity: 'warning' },
};
