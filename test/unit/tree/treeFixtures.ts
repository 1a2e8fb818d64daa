/**
 * Compares a parsed tree with what the package manager really installed (test/fixtures/lockfiles/*
 * installed.json, written by installed-tree.mjs from the node_modules it laid out): the same
 * name@version set and the same edges between them.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DependencyTree } from '../../../server/src/service/tree/types';

export const FIXTURES = join(__dirname, '..', '..', 'fixtures', 'lockfiles');

export function fixture(format: string, file: string): string {
  return readFileSync(join(FIXTURES, format, file), 'utf8');
}

/** Everything a reader of the tree sees, ranges included: two readers of one lockfile must agree on all of it. */
export function treeView(result: { tree: DependencyTree; errors: unknown[] }): unknown {
  const { tree } = result;
  return {
    nodes: tree.nodes.map((n) => ({ key: n.key, name: n.name, version: n.version, dev: n.dev, integrity: n.integrity, hashes: [...n.hashes], deps: [...n.deps], range: n.range })),
    importers: [...tree.importers].map(([k, m]) => [k, [...m]]),
    skipped: tree.skipped,
    hasEdges: tree.hasEdges,
    errors: result.errors,
  };
}

export interface TreeShape {
  packages: string[];
  edges: string[];
}

export function shapeOf(tree: DependencyTree): TreeShape {
  const edges = new Set<string>();
  for (const node of tree.nodes) for (const dep of node.deps) if (tree.nodes[dep].key !== node.key) edges.add(`${node.key} > ${tree.nodes[dep].key}`);
  return { packages: [...new Set(tree.nodes.map((n) => n.key))].sort(), edges: [...edges].sort() };
}

/**
 * `local-lib` is a `file:` folder: yarn, pnpm and bun copy it into node_modules, so it is on disk,
 * but it is not a registry package and the tree lists it as skipped (never looked up).
 */
const LOCAL_FOLDERS = ['local-lib@1.0.0'];

export function assertInstalled(format: string, tree: DependencyTree): void {
  const raw = JSON.parse(fixture(format, 'installed.json')) as TreeShape;
  const installed = {
    packages: raw.packages.filter((p) => !LOCAL_FOLDERS.includes(p)),
    edges: raw.edges.filter((e) => !LOCAL_FOLDERS.some((local) => e.startsWith(`${local} >`) || e.endsWith(`> ${local}`))),
  };
  const shape = shapeOf(tree);
  assert.deepEqual(shape.packages, installed.packages, `${format}: name@version set`);
  assert.deepEqual(shape.edges, installed.edges, `${format}: edges`);
}
