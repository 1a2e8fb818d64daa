/**
 * The STATUS cell of the CLI's text report: the verdict in words (as inlay hints say it), marked by
 * the worst finding, so a row never reads `✓ approved` while a finding on it fails the gate
 * (docs/ci.md, "Output").
 */
import { NOT_LOOKED_UP_WORDS } from '../../../../shared/src/statusWords';
import { statusMark, statusWords } from '../../service/features/statusLabel';
import { isLookupFailure } from '../../service/stages/completeness';
import type { CheckedDependency, LookupFailure } from '../../service/model';

export type Tone = 'red' | 'yellow' | 'green' | 'dim';

export interface StatusCell {
  text: string;
  tone: Tone;
}

/** Codes the status words already name. */
const NAMED_BY_STATUS = new Set(['rejected', 'conditional', 'uncertified', 'unresolved', 'skipped', 'lookup-failed', 'advisory']);

export interface StatusOptions {
  /** The run was `--offline`: only then is a lookup that could not be made "offline". */
  offline: boolean;
  /** The finding that gives the status (rejected, conditional, uncertified) is in the baseline. */
  inBaseline?: boolean;
}

/** The lookup failure behind an `error` or `unresolved` status (data, not message text), if any. */
function failureOf(d: CheckedDependency): LookupFailure | undefined {
  if (d.status === 'error') return d.facts?.failure ?? (d.facts?.networkFailure ? 'network' : 'failed');
  if (d.status === 'unresolved' && isLookupFailure(d.resolution.cause)) return d.resolution.cause;
  return undefined;
}

const FAILURE_WORDS: Record<LookupFailure, string> = {
  network: 'registry unreachable',
  failed: 'lookup failed',
  'offline-miss': 'not cached',
  cancelled: 'lookup cancelled',
  // Refused before anything was sent (a host the user has not allowed): nothing failed.
  refused: NOT_LOOKED_UP_WORDS,
};

function words(d: CheckedDependency, opts: StatusOptions): string {
  const failure = failureOf(d);
  // "offline" only when the user asked for it; a network failure is the registry's, not the user's.
  if (failure === 'offline-miss' && opts.offline) return 'offline, not cached';
  if (failure !== undefined) return FAILURE_WORDS[failure];
  return statusWords(d);
}

const TONES: Record<string, Tone> = { '✗': 'red', '⚠': 'yellow', '?': 'yellow', '✓': 'green', '–': 'dim' };

export function statusCell(d: CheckedDependency, opts: StatusOptions): StatusCell {
  const findings = d.suppression?.state === 'active' ? [] : d.findings.filter((f) => f.code !== 'skipped');
  const extra = [...new Set(findings.filter((f) => f.severity === 'error' && !NAMED_BY_STATUS.has(f.code)).map((f) => f.code))];
  let text = [words(d, opts), ...extra].join(', ');
  if (opts.inBaseline) text += ' (in baseline)';
  // The mark is the editor's (statusMark: the worst finding's), so the table and the inline status agree.
  const mark = statusMark(d);
  return { text: `${mark} ${text}`, tone: TONES[mark] ?? 'yellow' };
}
