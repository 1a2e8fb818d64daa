/**
 * PEP 440 specifier-set matching the way pip's `packaging` library does it.
 *
 * Version parsing and ordering come from @renovatebot/pep440 (`valid`, `explain`, `compare`); the
 * clause semantics are implemented here because the library's own `satisfies` differs from
 * `packaging` where it matters for picking a version (measured, see the tests):
 * - it decides pre-release admission per clause, so `>=2.0b1,<3` rejects `2.0b2`;
 * - its exclusive `<`/`>` reject every version with the same release numbers, so `1.0` fails `>1.0rc1`
 *   (here: packaging 26's rules, `<V` stops at `V.dev0`, `>V` skips only post-releases and local builds of V);
 * - it strips local labels from the specifier too, so `==1.0+a` matches `1.0+b`, and `===1.0` matches
 *   `1.0+local`;
 * - its `.*` prefix match does not zero-pad, so `1` fails `==1.0.*`.
 */
import { compare, explain, valid } from '@renovatebot/pep440';
import type { Pep440Version } from '@renovatebot/pep440';

type Operator = '===' | '~=' | '==' | '!=' | '<=' | '>=' | '<' | '>';

export interface Pep440Clause {
  operator: Operator;
  /** The version as written (without `.*`); for `===` any string. */
  version: string;
  /** `==1.2.*` / `!=1.2.*`. */
  wildcard: boolean;
  /** Parsed `version`; null only for an `===` string that is not a PEP 440 version. */
  parsed: Pep440Version | null;
}

const CLAUSE = /^(===|~=|==|!=|<=|>=|<|>)\s*(\S+)$/;

/** Parses a comma-separated specifier set; '' is the empty set (any version). Null when invalid. */
export function parseSpecifierSet(specifier: string): Pep440Clause[] | null {
  const trimmed = specifier.trim();
  if (trimmed === '') return [];
  const clauses: Pep440Clause[] = [];
  for (const part of trimmed.split(',')) {
    const clause = parseClause(part.trim());
    if (!clause) return null;
    clauses.push(clause);
  }
  return clauses;
}

function parseClause(text: string): Pep440Clause | null {
  const m = CLAUSE.exec(text);
  if (!m) return null;
  const operator = m[1] as Operator;
  const raw = m[2];
  if (operator === '===') return { operator, version: raw, wildcard: false, parsed: valid(raw) ? explain(raw) : null };
  const wildcard = raw.endsWith('.*');
  const version = wildcard ? raw.slice(0, -2) : raw;
  if (!valid(version)) return null;
  const parsed = explain(version);
  if (!parsed) return null;
  const equality = operator === '==' || operator === '!=';
  // The grammar PEP 440 allows: `.*` only after a plain release with == / !=, local labels only with
  // == / !=, and `~=` needs at least two release numbers.
  if (wildcard && (!equality || parsed.is_prerelease || parsed.is_postrelease || parsed.local)) return null;
  if (parsed.local && !equality) return null;
  if (operator === '~=' && parsed.release.length < 2) return null;
  return { operator, version, wildcard, parsed };
}

/**
 * True when the set itself admits pre-releases: a clause with an inclusive or ordering operator names
 * a pre-release (`>=2.0b1`, `==1.0rc1`, `<2.0a1`); `!=` never does (packaging ≥ 22 rules).
 */
export function namesPrerelease(clauses: Pep440Clause[]): boolean {
  return clauses.some((c) => c.operator !== '!=' && c.parsed !== null && c.parsed.is_prerelease);
}

/** Whether a valid candidate version satisfies every clause (pre-release policy is the caller's). */
export function matchesAll(clauses: Pep440Clause[], candidate: string): boolean {
  const cand = explain(candidate);
  if (!cand) return false;
  return clauses.every((c) => matchesClause(c, candidate, cand));
}

/** An exact pin in pip's sense (`==V` without wildcard, or `===V`): the only case that may pick a yanked release. */
export function isPinned(clauses: Pep440Clause[]): boolean {
  return clauses.length === 1 && (clauses[0].operator === '===' || (clauses[0].operator === '==' && !clauses[0].wildcard));
}

function matchesClause(c: Pep440Clause, candidate: string, cand: Pep440Version): boolean {
  if (c.operator === '===') return candidate.toLowerCase() === c.version.toLowerCase();
  const spec = c.parsed!;
  switch (c.operator) {
    case '==':
      return equals(c, cand);
    case '!=':
      return !equals(c, cand);
    // Local labels are ignored by ordered comparisons.
    case '<=':
      return compare(cand.public, c.version) <= 0;
    case '>=':
      return compare(cand.public, c.version) >= 0;
    case '<':
      // `<V` excludes pre-releases of V itself (from V.dev0 on) unless V is a pre-release.
      return compare(candidate, c.version) < 0 && !(!spec.is_prerelease && cand.is_prerelease && compare(candidate, `${c.version}.dev0`) >= 0);
    case '>':
      // `>V` excludes post-releases of V unless V is one, and local builds of V.
      return (
        compare(candidate, c.version) > 0 &&
        !(!spec.is_postrelease && cand.is_postrelease && compare(postBase(cand), c.version) === 0) &&
        !(cand.local !== null && compare(cand.public, c.version) === 0)
      );
    case '~=':
      return compare(cand.public, c.version) >= 0 && prefixMatches(cand, spec.epoch, spec.release.slice(0, -1));
  }
}

function equals(c: Pep440Clause, cand: Pep440Version): boolean {
  const spec = c.parsed!;
  if (c.wildcard) return prefixMatches(cand, spec.epoch, spec.release);
  // A specifier without a local label matches any local build of that version (`==1.0` ⊇ `1.0+cu118`).
  const left = spec.local ? stringifyFull(cand) : cand.public;
  return compare(left, c.version) === 0;
}

function stringifyFull(v: Pep440Version): string {
  return v.local ? `${v.public}+${v.local}` : v.public;
}

/** The version a post-release is a post-release of: `1.0a1.post2.dev1` → `1.0a1`. */
function postBase(v: Pep440Version): string {
  return `${v.base_version}${v.pre ? v.pre.join('') : ''}`;
}

/** `==1.2.*`: same epoch and release numbers starting with `prefix`, the candidate zero-padded (`1` ⊂ `1.0.*`). */
function prefixMatches(cand: Pep440Version, epoch: number, prefix: number[]): boolean {
  if (cand.epoch !== epoch) return false;
  return prefix.every((n, i) => (cand.release[i] ?? 0) === n);
}

/**
 * The normalised form of a valid version (`1.0.0RC1` → `1.0.0rc1`, `V1.0+ABC-1` → `1.0+abc.1`).
 * Built from `explain` because the library's `clean` joins local segments with commas.
 */
export function normalizePep440Version(version: string): string | null {
  const v = explain(version);
  return v ? stringifyFull(v) : null;
}
