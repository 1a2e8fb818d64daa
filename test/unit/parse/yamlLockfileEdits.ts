/**
 * What the property tests of the YAML lockfile readers share (pnpmLockReader, yarnBerryReader):
 * generated lockfiles edited at random, or with one line written twice, and a tree as plain data.
 */
import fc from 'fast-check';
import type { DependencyTree } from '../../../server/src/service/tree/types';

/** Keeps the first of each key (a YAML mapping's keys are unique; duplicates are for the edited documents). */
export function unique<T>(items: T[], key: (item: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((item) => !seen.has(key(item)) && seen.add(key(item)) !== undefined);
}

/** Truncated, or with a YAML-significant piece inserted anywhere. */
export function edited(lockfile: fc.Arbitrary<string>): fc.Arbitrary<string> {
  return fc.tuple(lockfile, fc.nat(), fc.constantFrom('', ' ', '  ', ':', '#', '"', "'", '{}', '\n', '- ', 'x: y\n', '  dependencies:\n', '---\n', '&a ')).map(([text, at, insert]) => {
    const i = text.length === 0 ? 0 : at % text.length;
    return insert === '' ? text.slice(0, i) : text.slice(0, i) + insert + text.slice(i);
  });
}

/** The same with one line written twice (duplicate keys, which YAML refuses). */
export function doubled(lockfile: fc.Arbitrary<string>): fc.Arbitrary<string> {
  return fc.tuple(lockfile, fc.nat()).map(([text, at]) => {
    const lines = text.split('\n');
    const i = at % lines.length;
    return [...lines.slice(0, i + 1), lines[i], ...lines.slice(i + 1)].join('\n');
  });
}

/**
 * A tree as plain data (nodes compute key and range when read; an importer's map may be a LookupMap,
 * tree/lookupMap.ts, compared here by its entries as a plain Map).
 */
export function plainTree(tree: DependencyTree): unknown {
  return {
    nodes: tree.nodes.map((n) => ({ key: n.key, name: n.name, version: n.version, dev: n.dev, integrity: n.integrity, hashes: n.hashes, range: n.range, deps: n.deps })),
    importers: new Map([...tree.importers].map(([k, m]) => [k, new Map(m)])),
    skipped: tree.skipped,
    hasEdges: tree.hasEdges,
  };
}
