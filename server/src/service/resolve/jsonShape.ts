/** Shape checks for untrusted registry JSON. */

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * `JSON.parse` turns a `"__proto__"` key into an own property; copying such a key into a plain object
 * would replace its prototype. Registries never send one, so a document that does is refused whole.
 */
export function hasHostileKey(record: Record<string, unknown>): boolean {
  return Object.prototype.hasOwnProperty.call(record, '__proto__');
}

/** A registry-supplied string cut short enough to quote in a message. */
export function quote(value: unknown): string {
  const text = typeof value === 'string' ? value : typeof value;
  return text.length > 80 ? `${text.slice(0, 77)}…` : text;
}
