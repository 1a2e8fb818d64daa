/**
 * PEP 508 dependency specifiers (`name[extras] (specifier) ; markers` and `name @ url ; markers`),
 * shared by the requirements-file and pyproject.toml parsers. Hand-written scanner rather than one big
 * regular expression so that every failure can say where it happened, and so offsets of the name,
 * specifier and URL come out exactly as written.
 */
import { normalizePypiName } from './pep503';
import { validateMarkers } from './pep508Markers';

export { classifyPep440Specifier } from './pep440Specifier';

export interface Pep508Requirement {
  /** As written. */
  name: string;
  /** PEP 503. */
  normalizedName: string;
  extras: string[];
  /** The version specifier text as written, without parentheses, whitespace-trimmed ('' if none). */
  specifier: string;
  /** For `name @ url`. */
  url?: string;
  /** Text after ';', trimmed. */
  markers?: string;
  /**
   * Offsets into the input text: the requirement's "range" per docs/language-server.md — first char of the
   * name to the end of the version specifier (extras and parentheses included; markers/comments
   * excluded). For a URL requirement, to the end of the URL.
   */
  start: number;
  end: number;
  /** Offsets of the specifier text (equal when there is none), for editors that replace just the version. */
  specifierStart: number;
  specifierEnd: number;
}

export type Pep508Result =
  | { ok: true; requirement: Pep508Requirement }
  | { ok: false; message: string; start: number; end: number; partial?: Partial<Pep508Requirement> };

// Character tests by code rather than by regular expression: they run once per character of every
// requirement, and a 10,000-line file must parse in well under 100 ms (bench/parse-requirements.ts).
const isWs = (c: string | undefined): boolean => c === ' ' || c === '\t';
function isAlnum(c: string | undefined): boolean {
  if (c === undefined) return false;
  const x = c.charCodeAt(0);
  return (x >= 48 && x <= 57) || (x >= 65 && x <= 90) || (x >= 97 && x <= 122);
}
const isNameChar = (c: string | undefined): boolean => isAlnum(c) || c === '.' || c === '_' || c === '-';
/** Characters a version (or a `===` arbitrary string) may contain in a specifier clause. */
const isVersionChar = (c: string | undefined): boolean => isNameChar(c) || c === '*' || c === '+' || c === '!';

/** The comparison operators of PEP 440, longest first so `===` wins over `==`. */
const OPERATORS = ['===', '~=', '==', '!=', '<=', '>=', '<', '>'];

function skipWs(text: string, i: number): number {
  while (i < text.length && isWs(text[i])) i++;
  return i;
}

function trimEnd(text: string, from: number, to: number): number {
  while (to > from && isWs(text[to - 1])) to--;
  return to;
}

/** Reads an identifier (`[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?`) at `i`; returns its end or an error. */
function readIdentifier(text: string, i: number): { end: number } | { error: string; end: number } {
  if (i >= text.length || !isAlnum(text[i])) return { error: 'expected a name', end: i };
  let j = i;
  while (j < text.length && isNameChar(text[j])) j++;
  if (!isAlnum(text[j - 1])) return { error: `a name cannot end with '${text[j - 1]}'`, end: j };
  return { end: j };
}

/**
 * Checks the syntax of a specifier list (`op version (, op version)*`) between `from` and `to`.
 * Whether each version is valid PEP 440 is decided later by classifyPep440Specifier, so that a
 * requirement with a bad version is still reported by name.
 */
function checkSpecifierSyntax(text: string, from: number, to: number): { message: string; at: number; until: number } | null {
  let i = skipWs(text, from);
  for (;;) {
    const op = OPERATORS.find((o) => text.startsWith(o, i));
    if (!op) {
      const until = Math.max(i + 1, trimEnd(text, i, to));
      return { message: 'expected a version specifier such as ==1.0 or >=1.0', at: i, until: Math.min(until, to) };
    }
    let j = skipWs(text, i + op.length);
    const versionStart = j;
    while (j < to && isVersionChar(text[j])) j++;
    if (j === versionStart) return { message: `expected a version after '${op}'`, at: i, until: Math.max(j, i + op.length) };
    j = skipWs(text, j);
    if (j >= to) return null;
    if (text[j] !== ',') return { message: "expected ',' between version specifiers", at: j, until: trimEnd(text, j, to) };
    i = skipWs(text, j + 1);
    if (i >= to) return { message: "trailing ',' in the version specifier", at: j, until: j + 1 };
  }
}

// A plain function rather than a closure in parsePep508, which would be re-created on every call
// (and, under tsx's keepNames, re-wrapped) for the rare requirement that fails.
function failure(partial: Partial<Pep508Requirement>, message: string, at: number, until: number): Pep508Result {
  return { ok: false, message: message[0].toUpperCase() + message.slice(1), start: at, end: Math.max(at, until), partial };
}

export function parsePep508(text: string): Pep508Result {
  const start = skipWs(text, 0);
  const name = readIdentifier(text, start);
  if ('error' in name) {
    const end = Math.max(trimEnd(text, start, text.length), start);
    return { ok: false, message: `Not a valid requirement: ${name.error === 'expected a name' ? 'expected a package name' : name.error}`, start, end };
  }
  const nameText = text.slice(start, name.end);
  const partial: Partial<Pep508Requirement> = { name: nameText, normalizedName: normalizePypiName(nameText), start, end: name.end };

  let i = skipWs(text, name.end);
  let end = name.end;
  const extras: string[] = [];
  if (text[i] === '[') {
    const open = i;
    i = skipWs(text, i + 1);
    // An empty list `[]` is allowed; otherwise names separated by commas, with no trailing comma.
    while (text[i] !== ']') {
      const extra = readIdentifier(text, i);
      if ('error' in extra) return failure(partial, `Bad extras: ${extra.error}`, open, Math.min(extra.end + 1, text.length));
      extras.push(text.slice(i, extra.end));
      i = skipWs(text, extra.end);
      if (text[i] === ',') {
        i = skipWs(text, i + 1);
        if (text[i] === ']') return failure(partial, 'Bad extras: expected a name after the comma', open, i + 1);
      } else if (text[i] !== ']') return failure(partial, "Bad extras: expected ',' or ']'", open, Math.min(i + 1, text.length));
    }
    end = i + 1;
    i = skipWs(text, end);
    partial.extras = extras;
    partial.end = end;
  }

  const base = { name: nameText, normalizedName: partial.normalizedName ?? '', extras, start };

  if (text[i] === '@') {
    const urlStart = skipWs(text, i + 1);
    let urlEnd = urlStart;
    while (urlEnd < text.length && !isWs(text[urlEnd])) urlEnd++;
    if (urlEnd === urlStart) return failure(partial, "Expected a URL after '@'", i, i + 1);
    const url = text.slice(urlStart, urlEnd);
    const after = skipWs(text, urlEnd);
    const markers = readMarkers(text, after);
    if ('error' in markers) return failure(partial, markers.error, markers.at, markers.until);
    return success(base, '', urlEnd, urlEnd, urlEnd, markers.markers, url);
  }

  let specifierStart = end;
  let specifierEnd = end;
  if (text[i] === '(') {
    const close = text.indexOf(')', i);
    if (close < 0) return failure(partial, "Missing ')' after the version specifier", i, trimEnd(text, i, text.length));
    specifierStart = skipWs(text, i + 1);
    specifierEnd = trimEnd(text, specifierStart, close);
    if (specifierEnd > specifierStart) {
      const bad = checkSpecifierSyntax(text, specifierStart, specifierEnd);
      if (bad) return failure(partial, bad.message, bad.at, bad.until);
    }
    end = close + 1;
    i = skipWs(text, end);
  } else {
    const semicolon = text.indexOf(';', i);
    const stop = trimEnd(text, i, semicolon < 0 ? text.length : semicolon);
    if (stop > i) {
      const bad = checkSpecifierSyntax(text, i, stop);
      if (bad) return failure(partial, bad.message, bad.at, bad.until);
      specifierStart = i;
      specifierEnd = stop;
      end = stop;
    }
    i = skipWs(text, stop);
  }

  const markers = readMarkers(text, i);
  if ('error' in markers) return failure(partial, markers.error, markers.at, markers.until);
  return success(base, text.slice(specifierStart, specifierEnd), end, specifierStart, specifierEnd, markers.markers);
}

/**
 * Builds the result field by field: an object spread here (`{ ...base, ...markers }`) was measured
 * at about 8 µs per requirement, most of the time of a 10,000-line parse.
 */
function success(
  base: { name: string; normalizedName: string; extras: string[]; start: number },
  specifier: string,
  end: number,
  specifierStart: number,
  specifierEnd: number,
  markers: string | undefined,
  url?: string,
): Pep508Result {
  const requirement: Pep508Requirement = {
    name: base.name,
    normalizedName: base.normalizedName,
    extras: base.extras,
    specifier,
    start: base.start,
    end,
    specifierStart,
    specifierEnd,
  };
  if (url !== undefined) requirement.url = url;
  if (markers !== undefined) requirement.markers = markers;
  return { ok: true, requirement };
}

/** Reads `; markers` (or nothing) from `i` to the end of the text. */
function readMarkers(text: string, i: number): { markers?: string } | { error: string; at: number; until: number } {
  if (i >= text.length) return {};
  if (text[i] !== ';') {
    return { error: `Unexpected text '${text.slice(i, trimEnd(text, i, text.length))}'`, at: i, until: trimEnd(text, i, text.length) };
  }
  const from = skipWs(text, i + 1);
  const to = trimEnd(text, from, text.length);
  if (to === from) return { error: "Expected environment markers after ';'", at: i, until: i + 1 };
  const problem = validateMarkers(text, from, to);
  if (problem) return { error: `Bad environment marker: ${problem.message}`, at: problem.at, until: problem.until };
  return { markers: text.slice(from, to) };
}

/** How a direct URL reference is reported: these are never looked up in a registry. */
export function classifyRequirementUrl(url: string): { kind: 'git' | 'url' | 'path'; skipReason: string } {
  const lower = url.toLowerCase();
  if (lower.startsWith('git+')) return { kind: 'git', skipReason: 'installed from a git repository, not from a package index' };
  if (/^(hg|svn|bzr)\+/.test(lower)) return { kind: 'url', skipReason: 'installed from a version-control repository, not from a package index' };
  if (lower.startsWith('file:')) return { kind: 'path', skipReason: 'installed from a local file, not from a package index' };
  return { kind: 'url', skipReason: 'installed from a direct URL, not from a package index' };
}
