import * as assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import fc from 'fast-check';
import { npmLockTree } from '../../../server/src/service/parse/npm/npmLockTree';
import { NpmPackagesAssembly } from '../../../server/src/service/parse/npm/npmLockPackages';
import { scanNpmLockPackages } from '../../../server/src/service/parse/npm/npmLockTreeScanner';
import { TreeBuilder } from '../../../server/src/service/tree/builder';
import { npmLockTreeReference } from '../../helpers/npmLockTreeReference';
import { fixture, FIXTURES, treeView } from './treeFixtures';

/** Whether the targeted scanner itself read the text (rather than handing it to JSON.parse). */
function scanned(text: string): boolean {
  return scanNpmLockPackages(text, new NpmPackagesAssembly(new TreeBuilder('package-lock.json', text, 'npm'), text));
}

/**
 * The fast reader and the general reader (JSON.parse) agree; `before`: and so does the reader before
 * the scanner (not on odd files, where its key search could land on an earlier key with the same text).
 */
function assertSame(text: string, before = true): void {
  const fast = treeView(npmLockTree(text, 'package-lock.json'));
  assert.deepEqual(fast, treeView(npmLockTree(text, 'package-lock.json', true)), text);
  if (before) assert.deepEqual(fast, treeView(npmLockTreeReference(text, 'package-lock.json')), text);
}

/**
 * Generated package-lock.json documents: `packages` with the root, workspace members and `file:`
 * folders, hoisted, nested and member-level node_modules, links, aliases (`name`), git / file / URL
 * versions, dev / optional / peer / bundled flags, the four dependency maps in any order; v2 with
 * the legacy `dependencies` tree, v1 with only that tree. `odd` adds what npm never writes:
 * escapes, array-index keys, repeated keys and maps, non-object entries and maps, other
 * lockfileVersions, a byte-order mark, names containing `node_modules/`, a raw control character.
 */
function documents(odd: boolean) {
  const plainNames = ['a', 'b', 'ms', 'debug', '@s/x', '@s/y', 'app', 'lib', '__proto__', 'constructor', 'node_modules'];
  const oddNames = ['q"uote', 'back\\slash', '123', 'a/node_modules/b', 'node_modules/', 'é', '\u2028'];
  const name = odd ? fc.oneof({ weight: 30, arbitrary: fc.constantFrom(...plainNames) }, { weight: 1, arbitrary: fc.constantFrom(...oddNames) }) : fc.constantFrom(...plainNames);
  const folder = fc.constantFrom('', 'packages/app', 'packages/lib', 'local', ...(odd ? ['packages', 'node_modules', 'x/node_modules'] : []));
  const location = fc.oneof(
    { weight: 6, arbitrary: name.map((n) => `node_modules/${n}`) },
    { weight: 3, arbitrary: fc.tuple(name, name).map(([p, c]) => `node_modules/${p}/node_modules/${c}`) },
    { weight: 1, arbitrary: fc.tuple(name, name, name).map(([p, q, c]) => `node_modules/${p}/node_modules/${q}/node_modules/${c}`) },
    { weight: 2, arbitrary: fc.tuple(folder, name).map(([f, c]) => (f === '' ? `node_modules/${c}` : `${f}/node_modules/${c}`)) },
    { weight: 2, arbitrary: odd ? folder : folder.filter((f) => f !== '') }, // the root entry is generated on its own
    ...(odd ? [{ weight: 1, arbitrary: fc.constantFrom('xnode_modules/a', 'node_modules/', 'node_modules/a/node_modules') }] : []),
  );
  const version = fc.constantFrom('1.0.0', '2.1.3-beta.1', '0.0.1+build', 'git+ssh://git@github.com/x/y.git#abc', 'github:x/y', 'file:../x', 'https://x/y.tgz', 'latest', 'npm:lodash@4.17.21', '');
  const resolved = fc.constantFrom('https://registry.npmjs.org/a/-/a-1.0.0.tgz', 'git+https://github.com/x/y.git', 'gitlab:x/y', 'bitbucket:x/y', 'file:packages/app', 'packages/app', 'packages/lib', 'github:x/y');
  const depMap = fc.dictionary(name, fc.constantFrom('^1.0.0', '*', '~2', 'npm:lodash@^4', 'file:../x'), { maxKeys: 4 });
  const mapName = fc.constantFrom('dependencies', 'optionalDependencies', 'peerDependencies', 'devDependencies');
  const mapValue = odd ? fc.oneof({ weight: 20, arbitrary: depMap }, { weight: 1, arbitrary: fc.constantFrom('x', 7, null, ['a']) }) : depMap;
  const maps = fc.uniqueArray(fc.tuple(mapName, mapValue), { maxLength: 4, selector: ([m]) => m }); // in any order; a repeated map is `repeat` below
  const scalar = (values: fc.Arbitrary<unknown>) => (odd ? fc.oneof({ weight: 20, arbitrary: values }, { weight: 1, arbitrary: fc.constantFrom(7, true, null, { v: 1 }) }) : values);
  const entry = fc.record(
    {
      name: scalar(name),
      version: scalar(version),
      resolved: scalar(resolved),
      integrity: scalar(fc.constantFrom('sha512-abc==', 'sha1-x')),
      link: fc.constantFrom(true, false, ...(odd ? ['true'] : [])),
      dev: fc.constantFrom(true, false, ...(odd ? [1] : [])),
      optional: fc.boolean(),
      peer: fc.boolean(),
      inBundle: fc.boolean(),
      license: fc.constantFrom('MIT', 'ISC'),
      engines: fc.constant({ node: '>=12 <22' }),
      bin: fc.constant({ tool: 'bin/cli.js' }),
      funding: fc.constantFrom({ url: 'https://x' }, [{ type: 'github', url: 'https://y' }]),
      hasInstallScript: fc.constant(true),
      cpu: fc.constant(['x64', 'arm64']),
      size: fc.constantFrom(0, -1.5e3, 12.25),
    },
    { requiredKeys: [] },
  );
  const fullEntry = fc.tuple(entry, maps, odd ? fc.oneof({ weight: 30, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.constantFrom('name', 'version', 'dependencies') }) : fc.constant(null));
  const packages = fc.tuple(
    fc.oneof({ weight: 4, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.tuple(maps) }),
    odd
      ? fc
          .tuple(fc.uniqueArray(fc.tuple(location, fc.oneof({ weight: 40, arbitrary: fullEntry }, { weight: 1, arbitrary: fc.constantFrom('"text"', '[]', '7') })), { maxLength: 14, selector: ([l]) => l }), fc.nat(), fc.nat(9))
          .map(([rows, at, repeat]) => (repeat === 0 && rows.length > 0 ? [...rows, rows[at % rows.length]] : rows)) // sometimes a repeated location
      : fc.uniqueArray(fc.tuple(location, fullEntry), { maxLength: 14, selector: ([l]) => l }),
  );
  return fc.record({
    version: odd ? fc.oneof({ weight: 6, arbitrary: fc.constantFrom(3, 2, 1) }, { weight: 1, arbitrary: fc.constantFrom('4', '0', '"3"', '3.0', '-1', 'null') }) : fc.constantFrom(3, 2, 1),
    packages,
    legacy: fc.dictionary(name, fc.record({ version, dev: fc.boolean(), requires: depMap }, { requiredKeys: ['version'] }), { maxKeys: 4 }),
    pretty: fc.boolean(),
    bom: odd ? fc.boolean() : fc.constant(false),
    extra: odd ? fc.constantFrom('', '', '', '', '', '', '', '"requires": true,', '"packages": {},', '"a": [1, {"b": [true, false, null]}],', '"x": "\u0001",', '"y": "\\q",', '"z": "\\u00e9\\n",', '"n": 01,', '"t": tru,') : fc.constantFrom('', '"requires": true,', '"name": "app",'),
  });
}

type Doc = ReturnType<typeof documents> extends fc.Arbitrary<infer T> ? T : never;

/** Writes the document as npm does (two-space JSON) or compactly; duplicate keys and raw fragments are spliced in as text. */
function write(d: Doc): string {
  const nl = d.pretty ? '\n' : '';
  const obj = (pairs: [string, string][]) => (pairs.length === 0 ? '{}' : `{${nl}${pairs.map(([k, v]) => `${JSON.stringify(k)}: ${v}`).join(`,${nl}`)}${nl}}`);
  const json = (v: unknown) => JSON.stringify(v);
  const [root, rows] = d.packages;
  const entryText = (e: Doc['packages'][1][number][1]): string => {
    if (typeof e === 'string') return e;
    const [fields, maps, repeat] = e;
    const pairs: [string, string][] = Object.entries(fields).map(([k, v]) => [k, json(v)]);
    for (const [m, v] of maps) pairs.push([m, json(v)]);
    if (repeat !== null) pairs.push([repeat, repeat === 'dependencies' ? '{"b": "1"}' : '"9.9.9"']);
    return obj(pairs);
  };
  const packagePairs: [string, string][] = [];
  if (root !== null) packagePairs.push(['', obj(root[0].map(([m, v]) => [m, json(v)]))]);
  for (const [l, e] of rows) packagePairs.push([l, entryText(e)]);
  const top: [string, string][] = [['lockfileVersion', String(d.version)]];
  if (d.version !== 1) top.push(['packages', obj(packagePairs)]);
  if (d.version !== 3) top.push(['dependencies', json(d.legacy)]);
  const body = obj(top);
  return `${d.bom ? '\ufeff' : ''}{${nl}${d.extra}${body.slice(1)}${nl}`;
}

describe('package-lock.json tree scanner (parse/npm/npmLockTreeScanner.ts) against JSON.parse and the reader before it', () => {
  it('reads what npm writes itself, with the same tree, ranges, importers, skipped entries and errors as both (property)', () => {
    fc.assert(
      fc.property(documents(false), (d) => {
        const text = write(d);
        if (d.version !== 1) assert.ok(scanned(text), text);
        assertSame(text);
      }),
      { numRuns: 1500 },
    );
  });

  it('odd and truncated files: the same result whichever reader takes them (property)', () => {
    fc.assert(
      fc.property(documents(true), fc.oneof({ weight: 3, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.nat() }), (d, cut) => {
        const full = write(d);
        const text = cut === null ? full : full.slice(0, cut % (full.length + 1));
        assertSame(text, false);
      }),
      { numRuns: 2000 },
    );
  });

  it('a lockfile of 3,000 entries (the offset arrays grow many times over): scanned, the same tree as both', () => {
    const packages: Record<string, unknown> = { '': { name: 'app', dependencies: { 'p-0': '^1', '@s/p-1': '^1' }, devDependencies: { 'p-2': '^1' } } };
    for (let i = 0; i < 3000; i++) {
      const name = i % 9 === 1 ? `@s/p-${i}` : `p-${i}`;
      const location = i % 4 === 3 ? `node_modules/p-${i - 1}/node_modules/${name}` : `node_modules/${name}`;
      const dependencies = Object.fromEntries([1, 7, 31].map((d) => [`p-${(i * d) % 3000}`, '^1']));
      const resolved = i % 50 === 5 ? 'git+https://github.com/x/y.git' : `https://registry.npmjs.org/${name}/-/${name}-1.0.${i}.tgz`;
      packages[location] = { version: `1.0.${i}`, resolved, integrity: `sha512-${i}==`, dev: i % 3 === 0, dependencies };
    }
    const text = JSON.stringify({ name: 'app', lockfileVersion: 3, requires: true, packages }, null, 2);
    assert.ok(scanned(text));
    assertSame(text);
  });

  it('the real lockfiles under test/fixtures/lockfiles: scanned, and the same tree as both', () => {
    for (const format of readdirSync(FIXTURES).filter((f) => f.startsWith('npm-'))) {
      const text = fixture(format, 'package-lock.json');
      assert.equal(scanned(text), format !== 'npm-v1', format);
      assertSame(text);
    }
  });
});
