/**
 * What the targeted JSON scanners share (npmLockScanner.ts, bunLockScanner.ts): finding where a
 * string ends and skipping JSON whitespace, with native `indexOf` jumps where they can.
 * Import as a namespace and bind locally (parse/charCodes.ts says why).
 */
import * as charCodes from '../charCodes';

const { BACKSLASH, CR, NEWLINE, SPACE, TAB } = charCodes;

/**
 * The first unescaped quote at or after `from`, or -1. `hasBackslash`: whether the text holds any
 * backslash at all (one native search per text); without one every quote ends a string.
 */
export function closingQuote(text: string, from: number, hasBackslash: boolean): number {
  for (;;) {
    const quote = text.indexOf('"', from);
    if (quote < 0 || !hasBackslash) return quote;
    let backslashes = 0;
    while (text.charCodeAt(quote - 1 - backslashes) === BACKSLASH) backslashes++;
    if (backslashes % 2 === 0) return quote;
    from = quote + 1;
  }
}

/** The first position at or after `pos` that is not JSON whitespace. */
export function afterJsonSpace(text: string, pos: number): number {
  for (;;) {
    const c = text.charCodeAt(pos);
    if (c === SPACE || c === NEWLINE || c === CR || c === TAB) pos++;
    else return pos;
  }
}
