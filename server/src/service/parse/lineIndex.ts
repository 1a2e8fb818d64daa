/**
 * Offset → line and character for the parsers' ranges, equal to `TextDocument.positionAt`.
 *
 * Why not TextDocument alone: it finds line starts by testing every character in JavaScript, ~55 ms
 * of a 10 MB lockfile's parse on this machine (docs/benchmarks.md, lockfile parsers), and searches
 * every position from scratch. Text without a carriage return (what package managers write) is
 * indexed here with native `indexOf('\n')` jumps, and positions asked in document order (as parsers
 * ask them) are found from the previous one. Text with `\r` goes to TextDocument, whose rules for
 * `\r`, `\r\n` and offsets inside them are then kept exactly.
 */
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Position } from 'vscode-languageserver-types';

export type PositionAt = (offset: number) => Position;

export function positionsOf(text: string): PositionAt {
  if (text.indexOf('\r') >= 0) {
    const document = TextDocument.create('untitled:text', 'plaintext', 0, text);
    return (offset) => document.positionAt(offset);
  }
  // The text is read once, for its line starts, and then let go: a tree keeps this index
  // (tree/builder.ts) and should not keep the whole lockfile with it.
  const length = text.length;
  let unread: string | undefined = text;
  let starts: Int32Array = NO_LINES;
  let last = 0;
  return (offset) => {
    if (unread !== undefined) {
      starts = lineStarts(unread);
      unread = undefined;
    }
    offset = Math.max(Math.min(offset, length), 0);
    let line = last;
    if (offset >= starts[line]) {
      // Forward from the last answer, a few lines at most (entries are a few lines apart), then search.
      const stop = Math.min(line + NEAR, starts.length - 1);
      while (line < stop && starts[line + 1] <= offset) line++;
      if (line === stop && line + 1 < starts.length && starts[line + 1] <= offset) line = lineOf(starts, offset);
    } else line = lineOf(starts, offset);
    last = line;
    return { line, character: offset - starts[line] };
  };
}

const NO_LINES = new Int32Array(0);

/** How many lines past the last answer are walked before a binary search. */
const NEAR = 32;

/**
 * Line starts in a typed array, counted first and then filled: two `indexOf` passes cost ~5 ms per
 * 10 MB where pushing onto a growing array cost 20–30 ms, most of it copying and collecting the
 * array as it grew (docs/benchmarks.md, "Findings: yarn classic and the shared tree model").
 * Int32 holds any offset: V8 strings are shorter than 2^30.
 */
function lineStarts(text: string): Int32Array {
  let count = 1;
  for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) count++;
  const starts = new Int32Array(count);
  let line = 1;
  for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) starts[line++] = at + 1;
  return starts;
}

/** The last line whose start is at or before `offset` (binary search). */
function lineOf(starts: Int32Array, offset: number): number {
  let low = 0;
  let high = starts.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (starts[mid] > offset) high = mid;
    else low = mid + 1;
  }
  return low - 1;
}
