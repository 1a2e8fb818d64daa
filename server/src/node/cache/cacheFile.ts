/**
 * The on-disk form of one cache namespace. Built so that loading thousands of entries stays cheap:
 *
 *   {"format":"sigma-package-trust-cache","version":1,"namespace":"certificate"}
 *   "npm/lodash/4.17.21"\t1735689600000\t{…the value as JSON…}
 *   …one line per entry…
 *   {"end":2}
 *
 * - One entry per line, and the value stays JSON text until someone asks for it: parsing every
 *   certificate up front (a single JSON document) measured several times slower than splitting lines.
 * - Pure ASCII (non-ASCII characters written as \uXXXX escapes), so any byte range of the file can
 *   be decoded on its own, as latin1 (the cheapest decoding), when its entry is first read.
 * - The closing `{"end":N}` line with the entry count tells a complete file from a truncated one.
 * JSON text never contains a raw tab or newline, so both are safe separators.
 */
import type { CacheNamespace } from '../../service/ports';

export const CACHE_FORMAT = 'sigma-package-trust-cache';
export const CACHE_VERSION = 1;

/** An entry to write: its value as ASCII JSON text. */
export interface StoredEntry {
  storedAt: number;
  raw: string;
}

export type DecodeResult<T> = { ok: true; entries: Map<string, T> } | { ok: false; reason: string };

const NEWLINE = 0x0a;
const TAB = 0x09;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

export function encodeCacheFile(namespace: CacheNamespace, entries: Iterable<[string, StoredEntry]>): string {
  const parts = [JSON.stringify({ format: CACHE_FORMAT, version: CACHE_VERSION, namespace })];
  let count = 0;
  for (const [key, entry] of entries) {
    parts.push(`${asciiJson(key)}\t${entry.storedAt}\t${entry.raw}`);
    count++;
  }
  parts.push(JSON.stringify({ end: count }));
  return `${parts.join('\n')}\n`;
}

/**
 * Indexes a file's entries without decoding their values: `make` gets each entry's `storedAt` and
 * where its value's JSON text lies in `bytes`, [start, end). Works on the raw bytes, since turning a
 * large file into one string first costs a second full copy of it, which measured as a dominant cost.
 */
export function decodeCacheFile<T>(
  namespace: CacheNamespace,
  bytes: Buffer,
  make: (storedAt: number, start: number, end: number) => T,
): DecodeResult<T> {
  const headerEnd = bytes.indexOf(NEWLINE);
  if (headerEnd < 0) return { ok: false, reason: 'no header' };
  const header = parseObject(bytes.toString('latin1', 0, headerEnd));
  if (!header || header.format !== CACHE_FORMAT) return { ok: false, reason: 'not a cache file of this extension' };
  if (header.version !== CACHE_VERSION) return { ok: false, reason: `unsupported version ${String(header.version)}` };
  if (header.namespace !== namespace) return { ok: false, reason: `holds namespace ${String(header.namespace)}` };

  const entries = new Map<string, T>();
  let pos = headerEnd + 1;
  for (;;) {
    const end = bytes.indexOf(NEWLINE, pos);
    if (end < 0) return { ok: false, reason: 'truncated (no end marker)' };
    // The key and the time stamp are short: a plain loop finds their tabs faster than native calls.
    const keyEnd = findTab(bytes, pos, end);
    if (keyEnd < 0) {
      const footer = parseObject(bytes.toString('latin1', pos, end));
      if (footer && footer.end === entries.size && end === bytes.length - 1) return { ok: true, entries };
      return { ok: false, reason: 'corrupt entry or end marker' };
    }
    const stampEnd = findTab(bytes, keyEnd + 1, end);
    const key = stampEnd < 0 ? undefined : parseKey(bytes, pos, keyEnd);
    const storedAt = stampEnd < 0 ? NaN : parseDigits(bytes, keyEnd + 1, stampEnd);
    if (key === undefined || Number.isNaN(storedAt) || stampEnd + 1 >= end) return { ok: false, reason: 'corrupt entry' };
    entries.set(key, make(storedAt, stampEnd + 1, end));
    pos = end + 1;
  }
}

function findTab(bytes: Buffer, from: number, to: number): number {
  for (let i = from; i < to; i++) if (bytes[i] === TAB) return i;
  return -1;
}

/** A non-negative integer written in decimal (what `storedAt` always is), or NaN. */
function parseDigits(bytes: Buffer, from: number, to: number): number {
  if (from === to || to - from > 16) return NaN;
  let value = 0;
  for (let i = from; i < to; i++) {
    const digit = (bytes[i] ?? 0) - 0x30;
    if (digit < 0 || digit > 9) return NaN;
    value = value * 10 + digit;
  }
  return value;
}

/** Keys are JSON strings; most have no escapes, and slicing them is far cheaper than JSON.parse. */
function parseKey(bytes: Buffer, from: number, to: number): string | undefined {
  if (to - from < 2 || bytes[from] !== QUOTE || bytes[to - 1] !== QUOTE) return undefined;
  for (let i = from + 1; i < to - 1; i++) {
    if (bytes[i] === BACKSLASH) {
      try {
        const key: unknown = JSON.parse(bytes.toString('latin1', from, to));
        return typeof key === 'string' ? key : undefined;
      } catch {
        return undefined;
      }
    }
  }
  return bytes.toString('latin1', from + 1, to - 1);
}

/** JSON text of a value, with every non-ASCII character escaped (see the file comment). */
export function asciiJson(value: unknown): string {
  // JSON has no `undefined`; a cached undefined comes back as null.
  const json = JSON.stringify(value) ?? 'null';
  // Most values are ASCII already; the native length check is far cheaper than a regex pass.
  if (Buffer.byteLength(json, 'utf8') === json.length) return json;
  return json.replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function parseObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
