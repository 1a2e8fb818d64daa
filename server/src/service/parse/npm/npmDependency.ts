/** Builds the Dependency record for one npm `"name": "spec"` entry (manifest sections and overrides). */
import type { Node } from 'jsonc-parser';
import type { Dependency, Range } from '../../model';
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
  // Object literals with every field written out: spreading a shared base object was the largest
  // single cost of a 5,000-entry manifest.
  if (entry.value.type !== 'string') {
    return {
      registry: 'npm',
      name: entry.name,
      normalizedName: entry.name,
      specifier: rawValueText(ctx, entry.value),
      kind: 'invalid',
      constraint: '',
      section: entry.section,
      range: entry.range,
      skipReason: `The version of "${entry.name}" must be a string, but it is ${describeType(entry.value)}.`,
    };
  }
  const specifier = String(entry.value.value);
  const classified = classifyNpmSpecifier(entry.effectiveSpec ?? specifier);
  const validName = isValidNpmName(entry.name);
  const dependency: Dependency = {
    registry: 'npm',
    name: entry.name,
    normalizedName: classified.normalizedName ?? entry.name,
    specifier,
    kind: validName ? classified.kind : 'invalid',
    constraint: validName ? classified.constraint : '',
    section: entry.section,
    range: entry.range,
  };
  const skipReason = validName ? classified.skipReason : `"${entry.name}" is not a valid npm package name.`;
  if (skipReason !== undefined) dependency.skipReason = skipReason;
  return dependency;
}
