/**
 * Poetry version constraints → PEP 440 specifier sets, so the rest of the pipeline only ever resolves
 * PEP 440. Follows Poetry's documented meaning: `^` allows changes that do not modify the left-most
 * non-zero component, `~` allows patch-level changes (minor-level when only a major is given), a bare
 * version is an exact pin, `*` is any version. Upper bounds keep the number of components written
 * (`^1.2` → `<2.0`, `^1.2.3` → `<2.0.0`), as Poetry prints them.
 */

export type PoetryConversion = { ok: true; specifier: string; exact?: string } | { ok: false; reason: string };

/**
 * A release segment with an optional PEP 440 suffix (pre, post, dev, local), validated fully later;
 * its release numbers, or null. Read step by step rather than with one pattern: the pattern
 * `(\d+(\.\d+)*)([-_.]?\d…)?` let a release and a suffix both claim `.1`, and a 40 KB `1.1.…!` took
 * 5 s to refuse (docs/security.md). Every pattern here is anchored and unambiguous, so linear.
 */
export function readPoetryVersion(text: string): number[] | null {
  const epoch = /^\d+!/.exec(text);
  let rest = epoch ? text.slice(epoch[0].length) : text;
  const plus = rest.indexOf('+');
  if (plus >= 0) {
    if (!/^[A-Za-z0-9.]+$/.test(rest.slice(plus + 1))) return null;
    rest = rest.slice(0, plus);
  }
  if (!/^\d[A-Za-z0-9._-]*$/.test(rest)) return null;
  // The same language as `\d+(\.\d+)*([-_.]?[A-Za-z][…]*|[-_.]?\d[…]*)?`: after the first run of
  // digits, a suffix may start with a letter, or a separator followed by a letter or digit; and a run
  // of two or more digits can always be split into a release and a digit-led suffix.
  const digits = /^\d+/.exec(rest)![0];
  const after = rest.slice(digits.length);
  if (digits.length < 2 && after !== '' && !/^(?:[A-Za-z]|[-_.][A-Za-z0-9])/.test(after)) return null;
  return /^\d+(?:\.\d+)*/.exec(rest)![0].split('.').map(Number);
}
const PEP440_OPERATOR = /^(===|~=|==|!=|<=|>=|<|>)(.*)$/;

export function poetryToPep440(constraint: string): PoetryConversion {
  const text = constraint.trim();
  if (/\|/.test(text)) {
    return { ok: false, reason: `'${text}' is an either-or (||) constraint, which has no single PEP 440 equivalent; the version cannot be resolved` };
  }
  // An operator may be separated from its version by spaces (`>= 1.2`); glue them before splitting.
  const clauses = text
    .replace(/(\^|~=|~|===|==|!=|<=|>=|<|>|=)\s+/g, '$1')
    .split(/[\s,]+/)
    .filter((c) => c !== '');
  const out: string[] = [];
  for (const clause of clauses) {
    const converted = convertClause(clause);
    if (typeof converted !== 'string' && 'reason' in converted) return { ok: false, reason: converted.reason };
    out.push(...(typeof converted === 'string' ? [converted] : converted.parts));
  }
  const specifier = out.filter((c) => c !== '').join(',');
  const single = out.length === 1 ? out[0] : '';
  const exact = /^===?[^*]+$/.test(single) ? single.replace(/^===?/, '') : undefined;
  return exact === undefined ? { ok: true, specifier } : { ok: true, specifier, exact };
}

type Converted = string | { parts: string[] } | { reason: string };

function convertClause(clause: string): Converted {
  if (clause === '*' || clause === 'x' || clause === 'X' || clause === '*.*' || clause === '*.*.*') return '';
  if (clause.startsWith('^')) return bounded(clause, clause.slice(1), caretUpper);
  if (clause.startsWith('~') && !clause.startsWith('~=')) return bounded(clause, clause.slice(1), tildeUpper);
  const op = PEP440_OPERATOR.exec(clause);
  if (op) return op[2] === '' ? { reason: `'${clause}' has an operator but no version` } : clause;
  // Poetry accepts `=1.2` for `==1.2`.
  if (clause.startsWith('=')) return clause.length > 1 ? `=${clause}` : { reason: `'${clause}' has an operator but no version` };
  const bare = clause.replace(/^v(?=\d)/, '');
  if (/^\d+(\.\d+)*(\.[*xX])+$/.test(bare)) return `==${bare.replace(/\.[xX]/g, '.*').replace(/(\.\*)+$/, '.*')}`;
  if (readPoetryVersion(bare) !== null) return `==${bare}`;
  return { reason: `'${clause}' is not a Poetry version constraint` };
}

function bounded(clause: string, versionText: string, upper: (release: number[]) => number[]): Converted {
  const version = versionText.replace(/^v(?=\d)/, '');
  const release = readPoetryVersion(version);
  if (release === null) return { reason: `'${clause}' is not a Poetry version constraint` };
  return { parts: [`>=${version}`, `<${upper(release).join('.')}`] };
}

/** Poetry's "next breaking" version: bump the left-most non-zero component among those written. */
function caretUpper(release: number[]): number[] {
  if (release[0] > 0 || release.length === 1) return bump(release, 0);
  if (release[1] > 0 || release.length === 2) return bump(release, 1);
  return bump(release, 2);
}

/** `~1` allows minor changes; `~1.2` and `~1.2.3` only patch changes. */
function tildeUpper(release: number[]): number[] {
  return bump(release, release.length === 1 ? 0 : 1);
}

function bump(release: number[], index: number): number[] {
  return release.map((n, i) => (i < index ? n : i === index ? n + 1 : 0));
}
