/**
 * The pnpm-lock.yaml reader for pnpm's layout (pnpmLockReader.ts) must give the same tree, pins and
 * errors as the generic YAML reading it replaces (`pnpmLockTree(text, false)`), on generated
 * lockfiles (v6 and v9, workspaces, peer variants, aliases, links, git and folder sources, fields
 * nobody reads in block and flow form), the same with random edits and doubled lines, and the real
 * fixtures pnpm wrote.
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { pnpmLockTree } from '../../../server/src/service/parse/npm/pnpmLock';
import { readPnpmLock } from '../../../server/src/service/parse/npm/pnpmLockReader';
import { fixture } from '../tree/treeFixtures';
import { doubled, edited, plainTree, unique } from './yamlLockfileEdits';

const RUNS = 300;

const name = fc.constantFrom('ms', 'debug', 'os', 'bin', 'engines', '@types/node', '@scope/pkg', 'a', 'lodash', "it's");
const version = fc.constantFrom('1.0.0', '2.1.3', '4.17.21', '1.0.0-beta.1', '1.10', '0.0.0');
const peers = fc.constantFrom('', '(ms@2.1.3)', '(debug@1.0.0)(ms@1.0.0)');
const quote = (text: string, how: number): string => (how === 0 && /^[a-z][a-z0-9.@/-]*$/.test(text) ? text : how === 2 ? JSON.stringify(text) : `'${text.replace(/'/g, "''")}'`);

interface Pkg {
  name: string;
  version: string;
  peer: string;
  quoteHow: number;
  resolution: string;
  extra: string[];
  deps: [string, string, number][];
  optional: [string, string, number][];
  snapshotInline: boolean;
}

// The one-pair `{integrity: …}` forms the reader takes from the text (flowPairIs) beside those it builds a Map for.
const resolution = fc.constantFrom('{integrity: sha512-abc+/==}', '{ integrity:  sha512-a==  }', "{'integrity': 'sha512-q=='}", '{"integrity": "sha512-\\u0041=="}', "{integrity: 'it''s'}", '{integrity: ""}', '{integrity: [sha512-x]}', '{integrity: {a: b}}', '{integrity: {a: b, c: d}}', '{integrity: a b}', '{integrity: sha512-x==} # note', '{integrityx: sha512-x==}', '{tarball: https://x/b.tgz, integrity: sha512-x==}', '{integrity: sha512-x==, tarball: file:x.tgz}', '{type: git, repo: https://x, commit: abc}', '{directory: lib, type: directory}', '{tarball: https://x/a.tgz}', '"plain"', '');
const extra = fc.constantFrom(
  "    engines: {node: '>= 0.8'}",
  '    engines:\n      node: ">=8"',
  '    hasBin: true',
  '    os: [darwin, linux]',
  '    peerDependencies:\n      ms: "*"',
  '    peerDependenciesMeta:\n      ms:\n        optional: true',
  '    deprecated: no longer',
  '    name: renamed',
  '    version: 9.9.9',
  '    dev: true',
  '    dev: false',
  '    requiresBuild: true',
  '    transitivePeerDependencies:\n      - supports-color',
  '    bin:\n      x: cli.js',
  '    funding: {url: "https://x"}',
);
const dep = fc.tuple(name, fc.oneof(version, fc.constantFrom('link:../x', 'lodash@4.17.21', '/lodash@4.17.21', '1.0.0(ms@2.1.3)', "'1.0.0'", '{}')), fc.nat(2));
const pkg: fc.Arbitrary<Pkg> = fc.record({
  name,
  version,
  peer: peers,
  quoteHow: fc.nat(2),
  resolution,
  extra: fc.array(extra, { maxLength: 3 }),
  deps: fc.array(dep, { maxLength: 4 }),
  optional: fc.array(dep, { maxLength: 2 }),
  snapshotInline: fc.boolean(),
});

function depLines(field: string, deps: [string, string, number][], indent: string): string[] {
  if (deps.length === 0) return [];
  return [`${indent}${field}:`, ...deps.map(([n, ref, how]) => `${indent}  ${quote(n, how)}: ${ref}`)];
}

function render(v9: boolean, allPkgs: Pkg[], allImporters: [string, [string, string, number][]][], settings: boolean, blank: boolean, reversed = false): string {
  const pkgs = unique(allPkgs, (p) => `${p.name}@${p.version}${v9 ? '' : p.peer}`).map((p) => ({ ...p, extra: unique(p.extra, (line) => line.trim().split(':')[0]), deps: unique(p.deps, ([n]) => n), optional: unique(p.optional, ([n]) => n) }));
  const importers = unique(allImporters, ([folder]) => folder.replace(/'/g, '')).map(([folder, deps]): [string, [string, string, number][]] => [folder, unique(deps, ([n]) => n)]);
  const out = [v9 ? "lockfileVersion: '9.0'" : "lockfileVersion: '6.0'", ''];
  if (settings) out.push('settings:', '  autoInstallPeers: true', '', 'catalogs:', '  default:', '    os:', '      specifier: ^1.0.0', '      version: 1.0.0', '');
  if (importers.length > 0) {
    out.push('importers:', '');
    for (const [folder, deps] of importers) {
      out.push(`  ${folder}:`);
      for (const [field, list] of [['dependencies', deps.slice(0, 2)], ['devDependencies', deps.slice(2)]] as const) {
        if (list.length === 0) continue;
        out.push(`    ${field}:`);
        for (const [n, ref, how] of list) out.push(`      ${quote(n, how)}:`, `        specifier: ^${ref}`, `        version: ${ref}`);
      }
      out.push('');
    }
  }
  out.push('packages:', '');
  for (const p of pkgs) {
    const key = quote(`${v9 ? '' : '/'}${p.name}@${p.version}${v9 ? '' : p.peer}`, p.quoteHow);
    out.push(`  ${key}:`);
    if (p.resolution !== '') out.push(`    resolution: ${p.resolution}`);
    out.push(...p.extra);
    if (!v9) out.push(...depLines('dependencies', p.deps, '    '), ...depLines('optionalDependencies', p.optional, '    '));
    out.push('');
  }
  if (v9) {
    out.push('snapshots:', '');
    // Reversed: snapshots in another order than packages (the reader tries the same index first).
    for (const p of reversed ? [...pkgs].reverse() : pkgs) {
      const key = quote(`${p.name}@${p.version}${p.peer}`, p.quoteHow);
      if (p.snapshotInline && p.deps.length === 0 && p.optional.length === 0) out.push(`  ${key}: {}`, '');
      else out.push(`  ${key}:`, ...depLines('optionalDependencies', p.optional, '    '), ...depLines('dependencies', p.deps, '    '), '');
    }
  }
  const text = `${out.join('\n')}\n`;
  return blank ? text.replace(/\n\n/g, '\n') : text;
}

const lockfile = fc
  .tuple(fc.boolean(), fc.array(pkg, { maxLength: 8 }), fc.array(fc.tuple(fc.constantFrom('.', 'packages/app', "'packages/b'"), fc.array(dep, { maxLength: 4 })), { maxLength: 2 }), fc.boolean(), fc.boolean(), fc.boolean())
  .map(([v9, pkgs, importers, settings, blank, reversed]) => render(v9, pkgs, importers, settings, blank, reversed));

function agrees(text: string): void {
  const fast = pnpmLockTree(text, true);
  const reference = pnpmLockTree(text, false);
  assert.deepEqual(fast.errors, reference.errors, `errors differ for:\n${text}`);
  assert.deepEqual(plainTree(fast.tree), plainTree(reference.tree), `trees differ for:\n${text}`);
}

describe('pnpm-lock.yaml: the layout reader agrees with the generic YAML reading', () => {
  it('on generated lockfiles (v6, v9, workspaces, peers, aliases, links, unread fields)', () => fc.assert(fc.property(lockfile, agrees), { numRuns: RUNS }));
  it('on edited and truncated lockfiles', () => fc.assert(fc.property(edited(lockfile), agrees), { numRuns: RUNS }));
  it('on lockfiles with a line written twice', () => fc.assert(fc.property(doubled(lockfile), agrees), { numRuns: RUNS }));
  it('on the lockfiles pnpm 9 and pnpm 8 wrote, whole and truncated line by line', () => {
    for (const format of ['pnpm-v9', 'pnpm-v6']) {
      const text = fixture(format, 'pnpm-lock.yaml');
      assert.ok(readPnpmLock(text), `${format} takes the fast path`);
      agrees(text);
      for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) if (at % 7 === 0) agrees(text.slice(0, at));
    }
  });
  it('on one-line resolutions the reader takes from the text or leaves to the generic reading', () => {
    const variants = ['{integrity: sha512-x==}', '{integrity: sha512-x==, integrity: y}', '{integrity: sha512-x== }', '{integrity: "a\\"b"}', '{integrity: {}}', '{integrity: []}', '{integrity: x, tarball: file:x.tgz}', '{integrity:x}', '{integrity: x,}', '{integrity: x'];
    for (const v of variants) {
      const text = `lockfileVersion: '9.0'\n\nimporters:\n  .:\n    dependencies:\n      ms:\n        specifier: ^1.0.0\n        version: 1.0.0\n\npackages:\n\n  ms@1.0.0:\n    resolution: ${v}\n\nsnapshots:\n\n  ms@1.0.0: {}\n`;
      agrees(text);
    }
  });
  it('most generated lockfiles take the fast path (the test is not vacuous)', () => {
    const samples = fc.sample(lockfile, 200);
    const fast = samples.filter((t) => readPnpmLock(t) !== undefined).length;
    assert.ok(fast > 180, `only ${fast} of 200 took the fast path`);
  });
});
