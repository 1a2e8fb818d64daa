/** Builds the Dependency record for one npm `"name": "spec"` entry (manifest sections and overrides). */
import type { Node } from 'jsonc-parser';
import type { Dependency, Range } from '../model';
import { isValidNpmName } from './npmName';
import { classifyNpmSpecifier } from './npmSpecifier';
import { describeType, rawValueText, type TreeContext } from './npmJsonTree';

export interface NpmEntry {
  /** The package name the entry installs (the manifest key, or the package an override key names). */
  name: string;
  value: Node;
  section: string;
  range: Range;
  /**
   * The spec to classify when it differs from the written value: an override's `$name` reference
   * resolved to that direct dependency's spec.
   */
  effectiveSpec?: string;
}

export function buildNpmDependency(ctx: TreeContext, entry: NpmEntry): Dependency {
  const base = { registry: 'npm' as const, name: entry.name, section: entry.section, range: entry.range };
  if (entry.value.type !== 'string') {
    return {
      ...base,
      normalizedName: entry.name,
      specifier: rawValueText(ctx, entry.value),
      kind: 'invalid',
      constraint: '',
      skipReason: `The version of "${entry.name}" must be a string, but it is ${describeType(entry.value)}.`,
    };
  }
  const specifier = String(entry.value.value);
  const classified = classifyNpmSpecifier(entry.effectiveSpec ?? specifier);
  const dependency: Dependency = {
    ...base,
    normalizedName: classified.normalizedName ?? entry.name,
    specifier,
    kind: classified.kind,
    constraint: classified.constraint,
  };
  if (classified.skipReason !== undefined) dependency.skipReason = classified.skipReason;
  if (!isValidNpmName(entry.name)) {
    dependency.kind = 'invalid';
    dependency.constraint = '';
    dependency.skipReason = `"${entry.name}" is not a valid npm package name.`;
  }
  return dependency;
}
