/**
 * npm `overrides`: every string value in the (possibly nested) object replaces the version of the
 * package its key names, so each one is a version the user may get and is checked like a
 * dependency, in section `overrides`. Rules follow npm's own reading:
 * - a key is `name` or `name@range` (the range only selects which versions are overridden);
 * - inside a package's object, `"."` is the override for that package itself;
 * - `"$name"` means "the spec of the direct dependency `name`", looked up in devDependencies,
 *   optionalDependencies, dependencies, then peerDependencies, as npm does;
 * - `""` and `"*"` override nothing (npm treats them as "keep the original spec"), so they are not
 *   reported: checking `*` would check the newest version, which is not what gets installed.
 */
import type { Node } from 'jsonc-parser';
import type { Dependency } from '../../model';
import { buildNpmDependency } from './npmDependency';
import { isValidNpmName, splitNameAndSpec } from './npmName';
import { lastWinsProperties, pairRange, propertyValue, rangeOf, describeType, type TreeContext } from './npmJsonTree';

/** Direct-dependency specs by section, for `$name` references. */
export type DirectSpecs = ReadonlyMap<string, ReadonlyMap<string, string>>;

const REFERENCE_ORDER = ['devDependencies', 'optionalDependencies', 'dependencies', 'peerDependencies'];

export function parseOverrides(ctx: TreeContext, overrides: Node, direct: DirectSpecs): Dependency[] {
  if (overrides.type !== 'object') {
    ctx.problems.push({
      message: `"overrides" must be an object, but it is ${describeType(overrides)}.`,
      severity: 'warning',
      range: rangeOf(ctx, overrides.offset, overrides.offset + overrides.length),
    });
    return [];
  }
  const out: Dependency[] = [];
  walk(ctx, overrides, undefined, direct, out);
  return out;
}

function walk(ctx: TreeContext, object: Node, parentName: string | undefined, direct: DirectSpecs, out: Dependency[]): void {
  for (const [key, property] of lastWinsProperties(ctx, object)) {
    const value = propertyValue(property);
    if (!value) continue; // half-typed entry: the syntax error already says so
    if (key === '.') {
      if (parentName === undefined) {
        warn(ctx, property, 'A "." override applies to the package whose object contains it; at the top level npm ignores it.');
      } else {
        addOverride(ctx, parentName, property, value, direct, out);
      }
      continue;
    }
    const name = splitNameAndSpec(key).name;
    if (!isValidNpmName(name)) {
      warn(ctx, property, `The override key "${key}" does not name an npm package.`);
      continue;
    }
    if (value.type === 'object') walk(ctx, value, name, direct, out);
    else addOverride(ctx, name, property, value, direct, out);
  }
}

function addOverride(ctx: TreeContext, name: string, property: Node, value: Node, direct: DirectSpecs, out: Dependency[]): void {
  const range = pairRange(ctx, property);
  if (value.type !== 'string') {
    out.push(buildNpmDependency(ctx, { name, value, section: 'overrides', range }));
    return;
  }
  const spec = String(value.value);
  if (spec.trim() === '' || spec.trim() === '*') return;
  if (!spec.startsWith('$')) {
    out.push(buildNpmDependency(ctx, { name, value, section: 'overrides', range }));
    return;
  }
  const referenced = spec.slice(1);
  const effectiveSpec = lookupDirect(direct, referenced);
  if (effectiveSpec === undefined) {
    out.push({
      registry: 'npm',
      name,
      normalizedName: name,
      specifier: spec,
      kind: 'invalid',
      constraint: '',
      section: 'overrides',
      range,
      skipReason: `npm cannot resolve the reference ${spec}: "${referenced}" is not a direct dependency of this package.`,
    });
    return;
  }
  out.push(buildNpmDependency(ctx, { name, value, section: 'overrides', range, effectiveSpec }));
}

function lookupDirect(direct: DirectSpecs, name: string): string | undefined {
  for (const section of REFERENCE_ORDER) {
    const spec = direct.get(section)?.get(name);
    // npm skips empty specs here (it tests truthiness), so an empty one falls through to the next section.
    if (spec) return spec;
  }
  return undefined;
}

function warn(ctx: TreeContext, property: Node, message: string): void {
  ctx.problems.push({ message, severity: 'warning', range: pairRange(ctx, property) });
}
