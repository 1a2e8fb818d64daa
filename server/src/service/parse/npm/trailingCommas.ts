/**
 * JSON with trailing commas (bun.lock) → JSON that JSON.parse reads. A comma is dropped only when,
 * outside any string, nothing but whitespace separates it from the `}` or `]` that closes its
 * object or array: a string value that itself holds `, }` is left as written.
 */
import * as charCodes from '../charCodes';
import { isJsonSpace } from './jsonKeyFinder';

const { BACKSLASH, CLOSE_BRACE, CLOSE_BRACKET, COMMA, DOUBLE_QUOTE } = charCodes;

/** Where the string that opens at `open` ends (its closing quote), or the text's length when it never does. */
function stringEnd(text: string, open: number): number {
  for (let q = text.indexOf('"', open + 1); q >= 0; q = text.indexOf('"', q + 1)) {
    let backslashes = 0;
    while (text.charCodeAt(q - 1 - backslashes) === BACKSLASH) backslashes++;
    if (backslashes % 2 === 0) return q;
  }
  return text.length;
}

export function withoutTrailingCommas(text: string): string {
  const parts: string[] = [];
  let kept = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === DOUBLE_QUOTE) {
      i = stringEnd(text, i);
    } else if (c === COMMA) {
      let next = i + 1;
      while (next < text.length && isJsonSpace(text.charCodeAt(next))) next++;
      const closer = text.charCodeAt(next);
      if (closer === CLOSE_BRACE || closer === CLOSE_BRACKET) {
        parts.push(text.slice(kept, i));
        kept = i + 1;
      }
    }
  }
  if (kept === 0) return text;
  parts.push(text.slice(kept));
  return parts.join('');
}
