/**
 * The one guard for JSON from the network (SIGMA, npm, PyPI answers and what the cache gives back of
 * them), used by the trust stage, version resolution and the draft preview alike. Every answer is
 * treated as hostile: any field may be missing, null, of another type, huge, or named `__proto__`.
 * The rules (docs/security.md, "What a hostile answer can and cannot do"):
 * - read own properties only (`own`), never an inherited one such as `constructor`;
 * - copy keys out of an answer only through `safeKeys`, which never yields a prototype-reaching name;
 * - a dictionary whose keys are kept as data (npm versions and dist-tags, PyPI releases) cannot drop a
 *   key without changing what the answer says, so one with an own `__proto__` refuses the whole
 *   answer (`hasProtoKey`): no registry sends one;
 * - cap what is kept, so a bad answer costs a bounded amount of memory.
 */

/** Longest free text kept from an answer (summaries, warnings, titles); longer text is cut with "…". */
export const MAX_TEXT = 2000;
/** Most list items (warnings, advisories) kept from one answer; the rest are counted, not stored. */
export const MAX_ITEMS = 200;

/** Keys that would reach an object's prototype if copied into a plain object. */
const PROTOTYPE_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The value of an own property (never an inherited one such as `constructor`). */
export function own(object: JsonObject, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(object, key) ? object[key] : undefined;
}

/** The first own property among `keys` that is not undefined or null. */
export function ownFirst(object: JsonObject, keys: readonly string[]): unknown {
  for (const key of keys) {
    const value = own(object, key);
    if (value !== undefined && value !== null) return value;
  }
  return undefined;
}

/**
 * True when `object` has an own `__proto__` key. `JSON.parse` makes such a key an ordinary own
 * property; copying it into a plain object would replace that object's prototype.
 */
export function hasProtoKey(object: JsonObject): boolean {
  return Object.prototype.hasOwnProperty.call(object, '__proto__');
}

/** Own keys that are safe to copy (no prototype-reaching names). */
export function safeKeys(object: JsonObject): string[] {
  return Object.keys(object).filter((key) => !PROTOTYPE_KEYS.has(key));
}

/** Cuts `text` to `max` characters (not splitting a surrogate pair) and marks the cut. */
export function capText(text: string, max: number = MAX_TEXT): string {
  if (text.length <= max) return text;
  let end = max;
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end -= 1;
  return `${text.slice(0, end)}…`;
}

/** A value short enough to quote in a one-line message: the string cut at 80 characters, else its type. */
export function quote(value: unknown): string {
  const text = typeof value === 'string' ? value : typeof value;
  return text.length > 80 ? `${text.slice(0, 77)}…` : text;
}

/** A non-empty trimmed string, capped; anything else is absent. */
export function readText(value: unknown, max: number = MAX_TEXT): string | undefined {
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : capText(trimmed, max);
}

/** A string or a finite number as text (ids are sometimes numeric), capped. */
export function readId(value: unknown, max = 200): string | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return readText(value, max);
}

/**
 * A finite number, also from a numeric string: money and counts are often serialised as decimal
 * strings ("14.00") by ORMs, and a tolerant client should not lose them.
 */
export function readNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(value)) return Number(value);
  return undefined;
}

/** A boolean, or undefined for any other type. */
export function readBoolean(value: unknown): boolean | undefined {
  return typeof value === 'boolean' ? value : undefined;
}

/** Strings from an array (numbers accepted as text), capped in count and length. A lone string is a list of one. */
export function readStringList(value: unknown, maxItems = 50, maxLength = 200): string[] {
  const items = Array.isArray(value) ? value.slice(0, maxItems) : value === undefined || value === null ? [] : [value];
  const out: string[] = [];
  for (const item of items) {
    const text = readId(item, maxLength);
    if (text !== undefined && !out.includes(text)) out.push(text);
  }
  return out;
}

const NESTED_LIMIT = 10;

/** A compact, bounded, one-line rendering of any JSON value (depth and width limited). */
export function renderValue(value: unknown, depth = 0): string {
  if (typeof value === 'string') return capText(value.trim(), 500);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value === null || value === undefined) return 'null';
  if (depth >= 3) return Array.isArray(value) ? '[…]' : '{…}';
  if (Array.isArray(value)) {
    const shown = value.slice(0, NESTED_LIMIT).map((item) => renderValue(item, depth + 1));
    if (value.length > NESTED_LIMIT) shown.push(`… ${value.length - NESTED_LIMIT} more`);
    return `[${shown.join(', ')}]`;
  }
  if (!isObject(value)) return '?'; // not a JSON value (function, symbol, bigint)
  const keys = safeKeys(value);
  const shown = keys.slice(0, NESTED_LIMIT).map((key) => `${capText(key, 100)}: ${renderValue(value[key], depth + 1)}`);
  if (keys.length > NESTED_LIMIT) shown.push(`… ${keys.length - NESTED_LIMIT} more`);
  return `{${shown.join(', ')}}`;
}

const MESSAGE_KEYS = ['message', 'text', 'title', 'description', 'detail', 'details', 'reason', 'summary', 'warning'];
const CODE_KEYS = ['code', 'id', 'rule', 'type'];
const SEVERITY_KEYS = ['severity', 'level'];

/**
 * One readable line for a warning item of any shape. Objects become `[severity] code: message`
 * followed by any other keys, so no information the server sent is silently lost.
 */
export function renderNote(item: unknown): string {
  if (item === null || item === undefined) return '(empty warning)';
  if (!isObject(item)) {
    const text = Array.isArray(item) ? item.map((part) => renderValue(part, 1)).join('; ') : renderValue(item);
    return text === '' ? '(empty warning)' : capText(text);
  }
  const used = new Set<string>();
  const pick = (keys: readonly string[]): string | undefined => {
    for (const key of keys) {
      const value = own(item, key);
      const text = typeof value === 'string' || typeof value === 'number' ? readId(value, MAX_TEXT) : undefined;
      if (text !== undefined) {
        used.add(key);
        return text;
      }
    }
    return undefined;
  };
  const message = pick(MESSAGE_KEYS);
  const code = pick(CODE_KEYS);
  const severity = pick(SEVERITY_KEYS);
  const rest = safeKeys(item)
    .filter((key) => !used.has(key))
    .slice(0, NESTED_LIMIT)
    .map((key) => `${capText(key, 100)}: ${renderValue(item[key], 1)}`);
  const head = `${severity !== undefined ? `[${severity}] ` : ''}${code !== undefined ? `${code}: ` : ''}${message ?? ''}`.trim();
  const tail = rest.length > 0 ? `(${rest.join(', ')})` : '';
  const text = [head.replace(/:$/, ''), tail].filter((part) => part !== '').join(' ');
  return text === '' ? '(empty warning)' : capText(text);
}

/**
 * Every item of a list rendered with `render`, at most `MAX_ITEMS`; when the list is longer the
 * last line says how many were left out ("… 12 more warnings") so nothing disappears silently.
 * A lone non-list value counts as a list of one.
 */
export function renderList(value: unknown, render: (item: unknown) => string, noun: string): string[] {
  if (value === undefined || value === null) return [];
  const items = Array.isArray(value) ? value : [value];
  const out = items.slice(0, MAX_ITEMS).map(render);
  if (items.length > MAX_ITEMS) out.push(`… ${items.length - MAX_ITEMS} more ${noun}`);
  return out;
}
