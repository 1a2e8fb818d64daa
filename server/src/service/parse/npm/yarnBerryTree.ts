/**
 * yarn Berry's tree from what its layout reader read (yarnBerryReader.ts `BerryLayout`): entries
 * found by descriptor through a table of text spans (lockYamlKeys.ts), edges resolved from the
 * dependencies' spans, no string per descriptor or edge.
 *
 * Why not yarnLock.ts `assemble` (which yarn classic uses, and the generic reading of Berry still
 * does): it takes every entry as objects (its descriptors split into strings, each dependency a
 * `[name, range]` pair, `name@range` built per edge), and the garbage collection of those was the
 * largest part of a 10 MB Berry parse (docs/benchmarks.md, issue 14 item 6). The rules are the
 * same: a property test (test/unit/parse/yarnBerryReader.property.test.ts) holds this tree to the one
 * `assemble` builds from the generic reading.
 */
import { TreeBuilder } from '../../tree/builder';
import type { DependencyTree, NodeIndex } from '../../tree/types';
import { isTrimmed } from './lockYamlCursor';
import { KeyTable } from './lockYamlKeys';
import type { BerryLayout } from './yarnBerryReader';
import { berryResolution, type YarnLockOptions } from './yarnLock';

const COMMA = 0x2c;
const COLON = 0x3a;

export function berryLayoutTree(builder: TreeBuilder, data: BerryLayout, options: YarnLockOptions): DependencyTree {
  const { entries, deps } = data;
  const text = deps.text;
  // Descriptor → entry: each header's comma-separated descriptors, the last entry naming one
  // winning; `x@file:./x::locator=…` also answers to `x@file:./x` unless a descriptor is that.
  const descriptors = new KeyTable(text);
  let entryOf = new Int32Array(1024);
  const set = (source: string, start: number, end: number, entry: number, ifNew: boolean) => {
    let d = descriptors.find(source, start, end);
    if (d >= 0 && ifNew) return;
    if (d < 0) d = source === text ? descriptors.addSpan(start, end) : descriptors.addString(source.slice(start, end));
    if (d >= entryOf.length) {
      const bigger = new Int32Array(entryOf.length * 2);
      bigger.set(entryOf);
      entryOf = bigger;
    }
    entryOf[d] = entry;
  };
  entries.forEach((entry, i) => {
    const source = entry.header ?? text;
    const from = entry.header === undefined ? entry.keyStart : 0;
    const to = entry.header === undefined ? entry.keyEnd : entry.header.length;
    // `header.split(',').map((d) => d.trim())`, as spans.
    for (let at = from; at <= to; ) {
      let comma = at;
      while (comma < to && source.charCodeAt(comma) !== COMMA) comma++;
      let start = at;
      let end = comma;
      while (start < end && isTrimmed(source.charCodeAt(start))) start++;
      while (end > start && isTrimmed(source.charCodeAt(end - 1))) end--;
      set(source, start, end, i, false);
      for (let c = start; c + 1 < end; c++) {
        if (source.charCodeAt(c) !== COLON || source.charCodeAt(c + 1) !== COLON) continue;
        if (c > start) set(source, start, c, i, true);
        break;
      }
      at = comma + 1;
    }
  });

  const nodeOf = new Int32Array(entries.length).fill(-1);
  /** Why an entry is not a node (read only for importers' skipped entries). */
  const skipOf: string[] = [];
  const workspaces: (string | undefined)[] = [];
  entries.forEach((entry, i) => {
    const resolved = berryResolution(entry.resolution, entry.version);
    if ('skip' in resolved) {
      skipOf[i] = resolved.skip;
      workspaces[i] = resolved.workspace;
      if (resolved.workspace === undefined) builder.skip(resolved.name, resolved.skip, entry.start, entry.end);
      return;
    }
    nodeOf[i] = builder.addNode(resolved.name, resolved.version, { start: entry.start, end: entry.end });
  });

  /** The entry of `name@range` (Berry normalises bare manifest ranges to `npm:` descriptors), or -1. */
  const lookup = (name: string, nameStart: number, nameEnd: number, range: string, rangeStart: number, rangeEnd: number): number => {
    let d = descriptors.findPair(name, nameStart, nameEnd, range, rangeStart, rangeEnd);
    if (d < 0) d = descriptors.findJoined(name, nameStart, nameEnd, '@npm:', range, rangeStart, rangeEnd);
    return d < 0 ? -1 : entryOf[d];
  };
  const lookupDep = (i: number): number => {
    if (deps.isSpan(i)) return lookup(text, deps.span(i, 0), deps.span(i, 1), text, deps.span(i, 2), deps.span(i, 3));
    const name = deps.name(i);
    const range = deps.ref(i);
    return lookup(name, 0, name.length, range, 0, range.length);
  };
  entries.forEach((entry, i) => {
    const from = nodeOf[i];
    if (from < 0) return;
    for (const [first, last] of [[entry.depsFrom, entry.depsTo], [entry.optionalFrom, entry.optionalTo]]) {
      for (let k = first; k < last; k++) {
        const to = lookupDep(k);
        if (to >= 0 && nodeOf[to] >= 0) builder.addEdge(from, nodeOf[to]);
      }
    }
  });

  // Importers: each workspace entry's dependencies (the member's manifest entries).
  const production: NodeIndex[] = [];
  const devNames = new Set((options.direct ?? []).filter((d) => d.dev === true).map((d) => d.name));
  entries.forEach((entry, i) => {
    const folder = workspaces[i];
    if (folder === undefined) return;
    builder.importer(folder);
    for (const [first, last] of [[entry.depsFrom, entry.depsTo], [entry.optionalFrom, entry.optionalTo]]) {
      for (let k = first; k < last; k++) {
        const name = deps.name(k);
        const target = lookupDep(k);
        const node = target < 0 ? -1 : nodeOf[target];
        if (node < 0) {
          const [reason, start, end] = target < 0 ? [`not in the lockfile (${name}@${deps.ref(k)})`, entry.start, entry.end] : [skipOf[target], entries[target].start, entries[target].end];
          builder.skip(name, reason, start, end, folder);
          continue;
        }
        builder.direct(folder, name, node);
        if (!devNames.has(name)) production.push(node);
      }
    }
  });
  if (options.direct) builder.deriveDev(production);
  return builder.build();
}
