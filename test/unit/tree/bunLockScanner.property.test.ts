import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { bunLockTree } from '../../../server/src/service/parse/npm/bunLock';
import { parentEnd, parentKey } from '../../../server/src/service/parse/npm/bunLockKeys';
import { scanBunLock } from '../../../server/src/service/parse/npm/bunLockScanner';
import { bunLockTreeReference } from '../../helpers/bunLockTreeReference';
import { treeView } from './treeFixtures';

/** Generated bun.lock documents (package keys that are also array-valued info fields: `os`, `cpu`); `odd` adds what the scanner leaves to the general reader (escapes, array-index keys, non-array entries, fields out of order, comments, repeated keys). */
function documents(odd: boolean) {
  // `os` and `cpu` are also field names bun writes with array values in an entry's info (a key search would find those).
  const plain = fc.constantFrom('a', 'b', 'ms', 'debug', '@s/x', '@s/y', 'app', '__proto__', 'os', 'cpu');
  const names = odd ? fc.oneof({ weight: 20, arbitrary: plain }, { weight: 1, arbitrary: fc.constantFrom('q"uote', 'back\\slash', '123') }) : plain;
  const key = fc.oneof(
    { weight: 6, arbitrary: names },
    { weight: 3, arbitrary: fc.tuple(names, names).map(([p, c]) => `${p}/${c}`) },
    { weight: 1, arbitrary: fc.tuple(names, names, names).map(([p, q, c]) => `${p}/${q}/${c}`) },
  );
  const spec = fc.constantFrom('1.0.0', '2.1.3-beta.1', 'workspace:packages/app', 'file:./x', 'github:a/b#c', 'https://x/y.tgz', 'latest', '');
  const depMap = fc.dictionary(names, fc.constantFrom('^1.0.0', '*', '~2'), { maxKeys: 4 });
  const platforms = fc.subarray(['darwin', 'linux', 'x64', 'arm64'], { minLength: 1 });
  const fieldValue = (f: string) => (f === 'os' || f === 'cpu' ? platforms : depMap);
  const inOrder = fc.subarray(['dependencies', 'optionalDependencies', 'peerDependencies', 'bin', 'os', 'cpu']).chain((fields) => fc.tuple(...fields.map((f) => fc.tuple(fc.constant(f), fieldValue(f)))));
  const anyOrder = fc.array(fc.constantFrom('dependencies', 'optionalDependencies', 'peerDependencies', 'bin', 'optionalPeers', 'os').chain((f) => fc.tuple(fc.constant(f), fieldValue(f))), { maxLength: 4 });
  const info = odd ? fc.oneof(inOrder, anyOrder, fc.constant('not-an-object')) : fc.oneof(inOrder, fc.constant('not-an-object'));
  const array = fc.tuple(names, spec, info, fc.constantFrom('sha512-abc==', '', 7, undefined));
  const entry = odd ? fc.oneof({ weight: 10, arbitrary: array }, { weight: 1, arbitrary: fc.constantFrom('{"x": 1}', '"text"', '[]', '[1, "a@1.0.0"]') }) : array;
  const pairs = fc.tuple(key, entry);
  return fc.record({
    version: fc.constantFrom('1', '0', '2', '"1"'),
    workspaces: fc.array(fc.tuple(fc.constantFrom('', 'packages/app', './packages/lib/'), fc.option(names), depMap, depMap), { maxLength: 3 }),
    packages: odd ? fc.array(pairs, { maxLength: 12 }) : fc.uniqueArray(pairs, { maxLength: 12, selector: ([k]) => k }),
    trailing: fc.boolean(),
    pretty: fc.boolean(),
    extra: odd ? fc.constantFrom('', '"trustedDependencies": ["a"],', '// a comment\n', '"packages": {},') : fc.constantFrom('', '"trustedDependencies": ["a"],', '"overrides": { "a": "1.0.0" },'),
  });
}

type Doc = ReturnType<typeof documents> extends fc.Arbitrary<infer T> ? T : never;

/** Writes the document the way bun does (pretty, trailing commas) or compactly, with JSON escapes. */
function write(d: Doc): string {
  const c = d.trailing ? ',' : '';
  const nl = d.pretty ? '\n' : '';
  const obj = (pairs: [string, string][]) => (pairs.length === 0 ? '{}' : `{ ${pairs.map(([k, v]) => `${JSON.stringify(k)}: ${v}`).join(`,${nl} `)}${c} }`);
  const deps = (m: Record<string, string>) => obj(Object.entries(m).map(([k, v]) => [k, JSON.stringify(v)]));
  const workspaces = obj(d.workspaces.map(([folder, name, prod, dev]) => [folder, obj([...(name === null ? [] : [['name', JSON.stringify(name)] as [string, string]]), ['dependencies', deps(prod)], ['devDependencies', deps(dev)]])]));
  const packages = obj(
    d.packages.map(([k, e]) => {
      if (typeof e === 'string') return [k, e];
      const [name, s, inf, integrity] = e;
      const value = (m: Record<string, string> | string[]) => (Array.isArray(m) ? `[${m.map((v) => JSON.stringify(v)).join(', ')}${c}]` : deps(m));
      const infText = typeof inf === 'string' ? JSON.stringify(inf) : obj(inf.map(([f, m]) => [f, value(m)]));
      const items = [JSON.stringify(`${name}@${s}`), '""', infText];
      if (integrity !== undefined) items.push(JSON.stringify(integrity));
      return [k, `[${items.join(', ')}${c}]`];
    }),
  );
  return `{${nl}  "lockfileVersion": ${d.version},${nl}  ${d.extra}"workspaces": ${workspaces},${nl}  "packages": ${packages}${c}${nl}}${nl}`;
}

describe('bun.lock scanner (parse/npm/bunLockScanner.ts) against the general reader (JSON.parse)', () => {
  it('reads what bun writes itself, and the same tree, ranges, importers, skipped entries and errors as the general reader (property)', () => {
    fc.assert(
      fc.property(documents(false), (d) => {
        const text = write(d);
        assert.notEqual(scanBunLock(text), undefined, text);
        assert.deepEqual(treeView(bunLockTree(text)), treeView(bunLockTree(text, true)));
      }),
      { numRuns: 2000 },
    );
  });

  it('odd and truncated files: the same result as the general reader, whichever reads them (property)', () => {
    fc.assert(
      fc.property(documents(true), fc.option(fc.nat(), { freq: 3 }), (d, cut) => {
        const full = write(d);
        const text = cut === null ? full : full.slice(0, cut % (full.length + 1));
        assert.deepEqual(treeView(bunLockTree(text)), treeView(bunLockTree(text, true)));
      }),
      { numRuns: 2000 },
    );
  });

  it('both readers build the tree the string-keyed reader did (test/helpers/bunLockTreeReference.ts), bun-written, odd and truncated files (property)', () => {
    fc.assert(
      fc.property(fc.boolean(), documents(false), documents(true), fc.option(fc.nat(), { freq: 3 }), (odd, plain, oddDoc, cut) => {
        const full = write(odd ? oddDoc : plain);
        const text = cut === null ? full : full.slice(0, cut % (full.length + 1));
        const reference = treeView(bunLockTreeReference(text));
        assert.deepEqual(treeView(bunLockTree(text)), reference);
        assert.deepEqual(treeView(bunLockTree(text, true)), reference);
      }),
      { numRuns: 2000 },
    );
  });

  it('parentEnd (positions) agrees with parentKey, inside other text', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('a', '@', '@s', '/', 'b/', '@x/'), { maxLength: 8 }).map((p) => p.join('')), fc.constantFrom('', '/', '@', 'x/'), (k, around) => {
        const text = `${around}${k}${around}`;
        assert.equal(text.slice(around.length, parentEnd(text, around.length, around.length + k.length)), parentKey(k));
      }),
      { numRuns: 3000 },
    );
  });

  it('parentKey slices as the split/join it replaced did', () => {
    const reference = (k: string) => {
      const parts = k.split('/');
      let cut = parts.length - 1;
      if (cut >= 1 && parts[cut - 1].startsWith('@')) cut--;
      return parts.slice(0, Math.max(cut, 0)).join('/');
    };
    fc.assert(
      fc.property(fc.array(fc.constantFrom('a', '@', '@s', '/', 'b/', '@x/'), { maxLength: 8 }).map((p) => p.join('')), (k) => assert.equal(parentKey(k), reference(k))),
      { numRuns: 3000 },
    );
  });
});
