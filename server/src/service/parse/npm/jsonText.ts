/**
 * What the targeted JSON scanners share (npmLockScanner.ts, npmLockTreeScanner.ts, bunLockScanner.ts): finding where a
 * string ends and skipping JSON whitespace, with native `indexOf` jumps where they can.
 * Import as a namespace and bind locally (parse/charCodes.ts says why).
 */
import * as charCodes from '../charCodes';

const { BACKSLASH, CLOSE_BRACE, COLON, COMMA, CR, DOUBLE_QUOTE, NEWLINE, OPEN_BRACE, SPACE, TAB } = charCodes;

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

/**
 * Thrown to abandon a targeted scanner's fast path: one preallocated instance, so giving up costs
 * no stack capture. The scanner's caller then reads the text the general way.
 */
export class GiveUp extends Error {}
export const GIVE_UP = new GiveUp('not the JSON subset the scanner reads');

/**
 * What the strict JSON scanners share (npmLockScanner.ts and npmLockTreeScanner.ts directly, the
 * bun.lock and Pipfile.lock scanners through jsonScanner.ts): a position in the text and the object
 * syntax around members, throwing GIVE_UP at anything else. Each reads strings its own way (`string`).
 */
export abstract class JsonObjectCursor {
  protected pos = 0;
  /**
   * Most lockfiles contain no backslash at all (one native search says so); then every quote ends a
   * string and raw text equals decoded text, which makes the hot paths cheaper.
   */
  protected readonly hasBackslash: boolean;

  constructor(protected readonly text: string) {
    this.hasBackslash = text.indexOf('\\') >= 0;
  }

  /** Reads and decodes a string at its opening quote. */
  protected abstract string(): string;

  /** A key and the colon after it. */
  protected key(): string {
    if (this.text.charCodeAt(this.pos) !== DOUBLE_QUOTE) throw GIVE_UP;
    const key = this.string();
    this.colon();
    return key;
  }

  /** At `{`: consumes it and the whitespace after; false when the object is empty. */
  protected openObject(): boolean {
    if (this.text.charCodeAt(this.pos) !== OPEN_BRACE) throw GIVE_UP;
    this.pos++;
    this.space();
    if (this.text.charCodeAt(this.pos) !== CLOSE_BRACE) return true;
    this.pos++;
    return false;
  }

  /** After a member's value: true past `,` (another member must follow), false past the closing `}`. */
  protected nextMember(): boolean {
    this.space();
    const next = this.text.charCodeAt(this.pos++);
    if (next === CLOSE_BRACE) return false;
    if (next !== COMMA) throw GIVE_UP;
    this.space();
    return true;
  }

  protected colon(): void {
    this.space();
    if (this.text.charCodeAt(this.pos) !== COLON) throw GIVE_UP;
    this.pos++;
    this.space();
  }

  /** The first unescaped quote at or after `from`. */
  protected closingQuote(from: number): number {
    const quote = closingQuote(this.text, from, this.hasBackslash);
    if (quote < 0) throw GIVE_UP;
    return quote;
  }

  protected space(): void {
    this.pos = afterJsonSpace(this.text, this.pos);
  }
}
