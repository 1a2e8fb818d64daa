/**
 * Whether an edit of a package.json can change what was read from it. Typing in the description,
 * the scripts or any other string the parser does not read leaves every dependency, range and
 * problem as it was; re-parsing a 1,000-entry package.json on each such keystroke was most of an
 * edit's parse cost (docs/benchmarks.md, edit_p95). The rule is narrow on purpose, so that it is
 * easy to see it is safe; anything else is parsed again:
 * - the previous text had no problem (no syntax error, duplicate key or nameless entry);
 * - old and new differ in one stretch, on one line, inside a string value (not a key), and neither
 *   side of it holds a quote, a backslash or a control character (so the string still ends where it did);
 * - that line holds nothing the parser read (dependency sections, `overrides`, the bundle lists),
 *   so no range on it moves.
 */
import * as charCodes from '../charCodes';

const { BACKSLASH, COLON, DOUBLE_QUOTE, SPACE } = charCodes;

export interface PackageJsonRead {
  text: string;
  /** Offsets of the top-level properties the parser read (packageJson.ts, readPackageJson). */
  readSpans: readonly [number, number][];
  hasProblems: boolean;
}

export function editChangesNothing(previous: PackageJsonRead, text: string): boolean {
  const old = previous.text;
  if (old === text) return true;
  if (previous.hasProblems) return false;
  const shorter = Math.min(old.length, text.length);
  let from = 0;
  while (from < shorter && old.charCodeAt(from) === text.charCodeAt(from)) from++;
  let tail = 0;
  while (tail < shorter - from && old.charCodeAt(old.length - 1 - tail) === text.charCodeAt(text.length - 1 - tail)) tail++;
  const oldEnd = old.length - tail;
  if (!plain(old, from, oldEnd) || !plain(text, from, text.length - tail)) return false;
  const lineStart = old.lastIndexOf('\n', from - 1) + 1;
  let lineEnd = old.indexOf('\n', oldEnd);
  if (lineEnd < 0) lineEnd = old.length;
  if (previous.readSpans.some(([start, end]) => start < lineEnd && end > lineStart)) return false;
  // Inside a string: an odd number of quotes before it on its line (JSON strings never span lines).
  let quotes = 0;
  for (let i = lineStart; i < from; i++) {
    const c = old.charCodeAt(i);
    if (c === BACKSLASH) return false;
    if (c === DOUBLE_QUOTE) quotes++;
  }
  if (quotes % 2 === 0) return false;
  const close = old.indexOf('"', oldEnd);
  if (close < 0 || close >= lineEnd || !plain(old, oldEnd, close)) return false;
  // A value, not a key: no `:` follows the string.
  let next = close + 1;
  while (old.charCodeAt(next) === SPACE) next++;
  return old.charCodeAt(next) !== COLON;
}

/** No quote, backslash or control character (newlines included) in text[from, to). */
function plain(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === DOUBLE_QUOTE || c === BACKSLASH || c < SPACE) return false;
  }
  return true;
}
