/**
 * Classifies a PEP 440 specifier set as written in a manifest: one exact pin, a range to resolve, or
 * something no resolver would accept. Validation is delegated to @renovatebot/pep440 so that what we
 * call valid is what its resolver (used later to pick versions) can evaluate.
 */
import { validRange } from '@renovatebot/pep440';

export interface Pep440Classification {
  kind: 'exact' | 'range' | 'invalid';
  /** For 'exact', the version; for 'range', the specifier set without whitespace ('' = any version). */
  constraint: string;
  reason?: string;
}

export function classifyPep440Specifier(spec: string): Pep440Classification {
  const trimmed = spec.trim();
  if (trimmed === '') return { kind: 'range', constraint: '' };
  // Most specifiers are one clause without spaces (`==2.31.0`): skip the split and the rewrite.
  const clauses = /[\s,]/.test(trimmed) ? trimmed.split(',').map((c) => c.replace(/\s+/g, '')) : [trimmed];
  for (const clause of clauses) {
    if (clause === '') return { kind: 'invalid', constraint: '', reason: `empty clause in version specifier '${trimmed}'` };
    if (!isValidClause(clause)) return { kind: 'invalid', constraint: '', reason: explainInvalid(clause) };
  }
  if (clauses.length === 1) {
    const only = clauses[0];
    // `===` compares strings exactly; `==` is exact unless it has a `.*` prefix match.
    if (only.startsWith('===')) return { kind: 'exact', constraint: only.slice(3) };
    if (only.startsWith('==') && !only.includes('*')) return { kind: 'exact', constraint: only.slice(2) };
  }
  return { kind: 'range', constraint: clauses.join(',') };
}

/**
 * The clauses almost every file is made of (`>=1.2`, `==2.31.0`, `!=1.*`) are checked here directly;
 * everything else goes to the library. Measured: the library's named-group regular expression made
 * up most of the time of parsing a 10,000-line file (bench/parse-requirements.ts), while this fast
 * path accepts only clauses the library accepts too (a property test compares the two).
 */
const SIMPLE_CLAUSE = /^(~=|==|!=|<=|>=|<|>)(\d+(?:\.\d+)*)(\.\*)?$/;

export function isValidClause(clause: string): boolean {
  const m = SIMPLE_CLAUSE.exec(clause);
  if (!m) return validRange(clause);
  const [, op, release, wildcard] = m;
  if (wildcard) return op === '==' || op === '!=';
  return op !== '~=' || release.includes('.');
}

function explainInvalid(clause: string): string {
  if (/^~=[^.]*$/.test(clause)) return `'${clause}': '~=' needs a version with at least two parts, such as ~=1.4`;
  if (clause.includes('*') && !/^(==|!=)/.test(clause)) return `'${clause}': a '.*' wildcard is only allowed with '==' or '!='`;
  if (/^(==|!=)/.test(clause) && /\*./.test(clause)) return `'${clause}': a '.*' wildcard must come last`;
  if (clause.includes('+') && !/^(===|==|!=)/.test(clause)) return `'${clause}': a local version label (+…) is only allowed with '==' or '!='`;
  if (!/^(===|~=|==|!=|<=|>=|<|>)/.test(clause)) return `'${clause}': expected an operator such as == or >=`;
  return `'${clause}' is not a valid PEP 440 version specifier`;
}
