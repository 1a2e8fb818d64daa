/**
 * Offsets of object keys in a JSON(C) text that was parsed natively (JSON.parse gives no
 * positions). Keys are asked for in document order, so each search starts where the previous
 * one ended; a key is a quoted string followed by `:` and then the opening character of the
 * value wanted (`{` or `[`), which a string value equal to the key (a link's `resolved`) never is.
 */
export class JsonKeyFinder {
  private from = 0;
  constructor(
    private readonly text: string,
    /** `{` for object-valued entries (package-lock.json), `[` for array-valued ones (bun.lock). */
    private readonly opening: '{' | '[',
  ) {}

  /** [start, end) of the key with its quotes; the previous position, empty, when it cannot be found. */
  find(key: string): [number, number] {
    const quoted = JSON.stringify(key);
    const open = this.opening.charCodeAt(0);
    for (let at = this.text.indexOf(quoted, this.from); at >= 0; at = this.text.indexOf(quoted, at + 1)) {
      let p = at + quoted.length;
      while (isJsonSpace(this.text.charCodeAt(p))) p++;
      if (this.text.charCodeAt(p) !== 0x3a) continue;
      p++;
      while (isJsonSpace(this.text.charCodeAt(p))) p++;
      if (this.text.charCodeAt(p) !== open) continue;
      this.from = at + quoted.length;
      return [at, at + quoted.length];
    }
    return [this.from, this.from];
  }
}

/** JSON's whitespace: space, line feed, carriage return, tab. */
export function isJsonSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}
