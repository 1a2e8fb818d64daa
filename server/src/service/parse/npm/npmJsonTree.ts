/**
 * Small helpers over jsonc-parser's tree for npm's JSON files. Offsets in the tree are raw source
 * offsets (a key written `"\u0061"` is 8 characters long even though it decodes to `a`), which is
 * what every range must be built from.
 */
import type { Node } from 'jsonc-parser';
import type { ParseProblem, Position, Range } from '../../model';

export interface TreeContext {
  text: string;
  positionAt(offset: number): Position;
  problems: ParseProblem[];
}

export function rangeOf(ctx: TreeContext, start: number, end: number): Range {
  return { start: ctx.positionAt(start), end: ctx.positionAt(end) };
}

/** The `"key": value` pair, from the key's opening quote to the end of the value (or of the key when the value is missing). */
export function pairRange(ctx: TreeContext, property: Node): Range {
  const key = property.children?.[0];
  const value = property.children?.[1];
  const start = key?.offset ?? property.offset;
  const end = value ? value.offset + value.length : key ? key.offset + key.length : property.offset + property.length;
  return rangeOf(ctx, start, end);
}

export function propertyValue(property: Node | undefined): Node | undefined {
  return property?.children?.[1];
}

export function propertyKey(property: Node): string {
  const key: unknown = property.children?.[0]?.value;
  return typeof key === 'string' ? key : '';
}

/**
 * An object's properties by decoded key. A repeated key keeps its last value, as JSON.parse (and so
 * npm) does; the earlier one gets a warning and is never read.
 */
export function lastWinsProperties(ctx: TreeContext, object: Node): Map<string, Node> {
  const byKey = new Map<string, Node>();
  for (const property of object.children ?? []) {
    if (property.type !== 'property') continue;
    const key = propertyKey(property);
    const earlier = byKey.get(key);
    if (earlier) {
      ctx.problems.push({
        message: `Duplicate key "${key}": npm uses only the last one, so this entry is ignored.`,
        severity: 'warning',
        range: pairRange(ctx, earlier),
      });
      // Delete first so the map's order follows the surviving entry's position.
      byKey.delete(key);
    }
    byKey.set(key, property);
  }
  return byKey;
}

const MAX_SHOWN_VALUE = 80;

/** A non-string value's source text, shortened for messages and the `specifier` field. */
export function rawValueText(ctx: TreeContext, value: Node): string {
  const raw = ctx.text.slice(value.offset, value.offset + value.length);
  return raw.length > MAX_SHOWN_VALUE ? `${raw.slice(0, MAX_SHOWN_VALUE)}…` : raw;
}

/** "an object", "a number", … for messages. */
export function describeType(value: Node): string {
  switch (value.type) {
    case 'object':
    case 'array':
      return `an ${value.type}`;
    case 'null':
      return 'null';
    default:
      return `a ${value.type}`;
  }
}
