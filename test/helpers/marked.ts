/**
 * The one range-marker helper: fixture text with the expected ranges written inline, `«` opening and
 * `»` closing each (they may nest and span lines). Positions are counted here, independently of the
 * parsers, as LSP counts them: zero-based UTF-16 code units, and `\r\n`, `\r` and `\n` each end a line.
 */
import assert from 'node:assert/strict';
import type { Position, Range } from '../../server/src/service/model';

export const OPEN = '«';
export const CLOSE = '»';

/** The text without the marks, and the marked ranges in the order they open (document order). */
export function marked(source: string): { text: string; ranges: Range[] } {
  let text = '';
  const ranges: Range[] = [];
  const open: Array<{ index: number; start: Position }> = [];
  let line = 0;
  let character = 0;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === OPEN) {
      open.push({ index: ranges.length, start: { line, character } });
      ranges.push({ start: { line, character }, end: { line, character } });
      continue;
    }
    if (c === CLOSE) {
      const o = open.pop();
      assert.ok(o, `unbalanced ${CLOSE} in fixture`);
      ranges[o.index] = { start: o.start, end: { line, character } };
      continue;
    }
    text += c;
    if (c === '\r' && source[i + 1] === '\n') {
      text += '\n';
      i++;
    }
    if (c === '\r' || c === '\n') {
      line++;
      character = 0;
    } else {
      character++;
    }
  }
  assert.equal(open.length, 0, `unbalanced ${OPEN} in fixture`);
  return { text, ranges };
}
