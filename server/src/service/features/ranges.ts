/** Position and range comparisons (zero-based, end inclusive, as the features treat dependency ranges). */
import type { Position, Range } from '../model';

function before(a: Position, b: Position): boolean {
  return a.line < b.line || (a.line === b.line && a.character < b.character);
}

export function rangeContains(range: Range, pos: Position): boolean {
  return !before(pos, range.start) && !before(range.end, pos);
}

export function rangesOverlap(a: Range, b: Range): boolean {
  return !before(a.end, b.start) && !before(b.end, a.start);
}
