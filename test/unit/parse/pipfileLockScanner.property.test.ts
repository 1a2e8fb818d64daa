import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import type { LockedPackage } from '../../../server/src/service/model';
import { parsePipfileLock, pipfileLockTree } from '../../../server/src/service/parse/python/pipfileLock';
import { scanPipfileLock } from '../../../server/src/service/parse/python/pipfileLockScanner';
import type { DependencyTree } from '../../../server/src/service/tree/types';

/** Everything a reader of the tree sees, ranges included. */
function view(result: { tree: DependencyTree; errors: unknown[] }): unknown {
  const { tree } = result;
  return {
    nodes: tree.nodes.map((n) => ({ key: n.key, name: n.name, version: n.version, dev: n.dev, hashes: [...n.hashes], indexUrl: n.indexUrl, deps: [...n.deps], range: n.range })),
    importers: [...tree.importers].map(([k, m]) => [k, [...m]]),
    skipped: tree.skipped,
    hasEdges: tree.hasEdges,
    errors: result.errors,
  };
}

const accepted = { meta: () => true, entry: () => undefined };

const PYPI = 'https://pypi.org/simple';
const CORP = 'https://corp.example/simple';
const DIGEST = 'a'.repeat(64);

/**
 * Generated Pipfile.lock documents; `odd` adds what the scanner leaves to JSON.parse (escapes,
 * array-index keys, non-object entries, `_meta` after a category, repeated keys, trailing commas,
 * comments, unknown specs).
 */
function documents(odd: boolean) {
  const plain = fc.constantFrom('requests', 'Requests', 'requires', 'hash', 'Flask_SQLAlchemy', 'zope.interface', 'zope-interface', 'pkg-1', 'hash', 'version', 'develop', 'default', '__proto__', 'é-name');
  const names = odd ? rarely(plain, fc.constantFrom('q"uote', 'back\\slash', '123', '0')) : plain;
  const version = fc.constantFrom('==1.0.0', '==2.31.0', '===1.0', '== 1.0', ' ==3.0.0 ', '>=1.0', '==1.0 ; x', '==1.0\u00a0', '==é', '', 7, null);
  const hash = fc.constantFrom(`sha256:${DIGEST}`, `sha256:${'B'.repeat(64)}`, `md5:${'c'.repeat(32)}`, 'sha256:short', 3, `sha256:${'d'.repeat(64)}`);
  const field = fc.oneof(
    fc.tuple(fc.constant('version'), version),
    fc.tuple(fc.constant('hashes'), fc.oneof(fc.array(hash, { maxLength: 4 }), fc.constant('sha256:x'))),
    fc.tuple(fc.constant('index'), fc.constantFrom('pypi', 'corp', 'nowhere', 5)),
    fc.tuple(fc.constantFrom('git', 'path', 'file'), fc.constantFrom('https://x/y.git', './lib', true)),
    fc.tuple(fc.constant('editable'), fc.constantFrom(true, false, 'true')),
    fc.tuple(fc.constantFrom('markers', 'extras', 'ref'), odd ? rarely(fc.constantFrom("python_version >= '3.8'", ['socks', [1, 2.5e3, null, true]]), fc.constantFrom({ requests: {} }, [{}])) : fc.constantFrom("python_version >= '3.8'", ['socks', [1, 2.5e3, null, true]])),
  );
  const entry = fc.array(field, { maxLength: 6 }).map((fields) => (odd ? fields : uniqueKeys(fields as [string, unknown][])));
  const value = odd ? fc.oneof({ weight: 12, arbitrary: entry }, { weight: 1, arbitrary: fc.constantFrom('"text"', '[]', '7') }) : entry;
  const section = fc.array(fc.tuple(names, value), { maxLength: 8 }).map((pairs) => (odd ? pairs : uniqueKeys(pairs)));
  const usualCategories = fc.constantFrom('default', 'develop', 'docs', 'Tests');
  // `hash` and `requests` are also keys of objects inside `_meta` (write()).
  const categories = odd ? rarely(usualCategories, fc.constantFrom('_meta', '1', 'de\\u0076elop', 'hash', 'requests')) : usualCategories;
  return fc.record({
    spec: odd ? rarely(fc.constant(6), fc.constantFrom(7, '6', null)) : fc.constant(6),
    sources: fc.array(fc.tuple(fc.constantFrom('pypi', 'corp', 'corp'), fc.constantFrom(PYPI, CORP, `${PYPI}/`, 4)), { maxLength: 3 }),
    sections: fc.array(fc.tuple(categories, section), { maxLength: 4 }).map((s) => (odd ? s : uniqueKeys(s))),
    metaLast: odd ? rarely(fc.constant(false), fc.constant(true)) : fc.constant(false),
    indent: fc.constantFrom(4, 0),
    extra: odd ? rarely(fc.constant(''), fc.constantFrom(',', '// c\n', ' "extra": 1,')) : fc.constant(''),
    bom: fc.boolean(),
  });
}

/** Mostly `usual`: each odd feature on its own, so that the others' effects are still compared. */
function rarely<T, U>(usual: fc.Arbitrary<T>, odd: fc.Arbitrary<U>): fc.Arbitrary<T | U> {
  return fc.oneof({ weight: 6, arbitrary: usual }, { weight: 1, arbitrary: odd });
}

function uniqueKeys<T>(pairs: [string, T][]): [string, T][] {
  const seen = new Set<string>();
  return pairs.filter(([k]) => !seen.has(k) && seen.add(k) !== undefined);
}

type Doc = ReturnType<typeof documents> extends fc.Arbitrary<infer T> ? T : never;

/** Writes the document as pipenv does (indent 4) or compactly; strings in `extra` positions go in raw. */
function write(d: Doc): string {
  const object = (pairs: [string, string][], level: number): string => {
    if (pairs.length === 0) return '{}';
    const nl = d.indent === 0 ? '' : '\n';
    const pad = (n: number) => ' '.repeat(d.indent * n);
    return `{${nl}${pairs.map(([k, v]) => `${pad(level + 1)}${k.startsWith('"') ? k : JSON.stringify(k)}: ${v}`).join(`,${nl}`)}${nl}${pad(level)}}`;
  };
  const meta = object(
    [
      ['hash', JSON.stringify({ sha256: DIGEST })],
      ['pipfile-spec', JSON.stringify(d.spec)],
      ['requires', JSON.stringify({ python_version: '3.11', requests: { x: 1 } })],
      ['sources', JSON.stringify(d.sources.map(([name, url]) => ({ name, url, verify_ssl: true })))],
    ],
    1,
  );
  const sections: [string, string][] = d.sections.map(([category, entries]) => [
    category.includes('\\') ? `"${category}"` : category,
    object(
      entries.map(([name, value]) => [name, typeof value === 'string' ? value : object(value.map(([k, v]) => [k, JSON.stringify(v)]), 2)]),
      1,
    ),
  ]);
  const top = d.metaLast ? [...sections, ['_meta', meta] as [string, string]] : [['_meta', meta] as [string, string], ...sections];
  const text = object(top, 0);
  return `${d.bom ? '\ufeff' : ''}${d.extra === '' ? text : text.replace('{', `{${d.extra}`)}\n`;
}

describe('Pipfile.lock scanner (parse/python/pipfileLockScanner.ts) against the JSON.parse reader', () => {
  it('reads what pipenv writes, and the same tree (the pins are read off it), ranges, skipped entries and index URLs as JSON.parse (property)', () => {
    fc.assert(
      fc.property(documents(false), (d) => {
        const text = write(d);
        assert.equal(scanPipfileLock(text, accepted), true, text);
        assert.deepEqual(view(pipfileLockTree(text)), view(pipfileLockTree(text, true)));
      }),
      { numRuns: 2000 },
    );
  });

  it('odd and truncated files: the same result as JSON.parse, whichever reads them (property)', () => {
    fc.assert(
      fc.property(documents(true), fc.option(fc.nat(), { freq: 3 }), (d, cut) => {
        const full = write(d);
        const text = cut === null ? full : full.slice(0, cut % (full.length + 1));
        assert.deepEqual(view(pipfileLockTree(text)), view(pipfileLockTree(text, true)));
      }),
      { numRuns: 3000 },
    );
  });

  it('pins made when asked: the same pins, in the same order, as made all at once from the tree (property)', () => {
    fc.assert(
      fc.property(documents(true), fc.array(fc.constantFrom('a', 'b', 'django', 'zope-interface', 'x', ''), { maxLength: 4 }), (d, absent) => {
        const lock = parsePipfileLock(write(d));
        // What the pins were before they were made on lookup: production nodes first, one per name.
        const eager = new Map<string, LockedPackage>();
        for (const dev of [false, true]) {
          for (const node of lock.tree?.nodes ?? []) {
            if (node.dev !== dev || eager.has(node.name)) continue;
            eager.set(node.name, { registry: 'pypi', name: node.name, version: node.version, hashes: node.hashes.slice(), range: node.range });
          }
        }
        const names = [...(lock.tree?.nodes ?? []).map((n) => n.name), ...absent];
        const looked = names.map((n) => [lock.packages.has(n), lock.packages.get(n)] as const);
        assert.deepEqual([...lock.packages], [...eager]);
        names.forEach((n, i) => {
          assert.equal(looked[i][0], eager.has(n));
          assert.equal(looked[i][1], lock.packages.get(n)); // the same object before and after all are made
        });
      }),
      { numRuns: 2000 },
    );
  });

  it('what the scanner leaves to JSON.parse, one case each: the same result', () => {
    const meta = '"_meta": {"pipfile-spec": 6, "sources": [{"name": "corp", "url": "https://corp.example/simple"}]}';
    const entry = '{"version": "==1.0", "index": "corp"}';
    const cases = [
      `{"default": {"a": ${entry}}, ${meta}}`, // _meta after a category: its sources apply to every entry
      `{${meta}, "default": {"a": ${entry}}, "default": {"b": ${entry}}}`, // a repeated category: the last value, at the first place
      `{${meta}, "default": {"a": {"version": "==1.0"}, "a": ${entry}}}`, // a repeated name
      `{${meta}, "default": {"a": {"version": "==1.0", "version": "==2.0"}}}`, // a repeated field: the last one
      `{${meta}, "default": {"a": ${entry},}}`, // a trailing comma: not JSON
      `{${meta}, "default": {"a": "==1.0", "b": ${entry}}, "develop": {"a": ${entry}}}`, // a non-object entry
      `{${meta}, "default": {"b": ${entry}, "7": ${entry}}}`, // an array-index name, listed first by Object.keys
      `{${meta}, "default": {"\u0061": ${entry}}}`, // a name written with an escape
      `{${meta}, "default": {"a": {"version": "==\u0031.0"}}}`, // an escaped value
      `{${meta}, "x": 1, "default": {"a": ${entry}}}`, // a top-level value that is not an object
      `{"_meta": {"pipfile-spec": 7}, "default": {"a": ${entry}}}`, // an unknown spec
      `{${meta}, "default": {"a": {"version": "==1.0", "markers": {"b": {}}}, "b": ${entry}}}`, // an object inside an entry: JsonKeyFinder finds "b" there
      `{${meta}, "default": {"a": {"version": "==1.0", "extras": [{"b": {}}]}, "b": ${entry}}}`, // the same, inside an array
      `{"_meta": {"hash": {"sha256": "x"}, "pipfile-spec": 6, "requires": {"a": {}}}, "hash": {"a": ${entry}}}`, // a category named as an object inside _meta
      `{${meta}}`,
      `{}`,
    ];
    for (const text of cases) assert.deepEqual(view(pipfileLockTree(text)), view(pipfileLockTree(text, true)), text);
  });

  it('random text: the same result as JSON.parse (property)', () => {
    fc.assert(
      fc.property(fc.oneof(fc.json(), fc.string()), (text) => assert.deepEqual(view(pipfileLockTree(text)), view(pipfileLockTree(text, true)))),
      { numRuns: 1000 },
    );
  });

  it('the real pipenv fixture and a large file in its shape: the scanner reads them, with the same tree and pins', () => {
    const fixture = fs.readFileSync(path.join(__dirname, '../../fixtures/lockfiles/pipenv/Pipfile.lock'), 'utf8');
    const data = JSON.parse(fixture) as { default: Record<string, unknown>; develop: Record<string, unknown> };
    const large = { ...data, default: { ...data.default }, develop: { ...data.develop } };
    for (let i = 0; i < 2000; i++) large[i % 2 === 0 ? 'default' : 'develop'][`Pkg_${i}`] = { hashes: [`sha256:${DIGEST}`, `sha256:${String(i).padStart(64, '0')}`], index: 'local', markers: "python_version >= '3.8'", version: `==1.${i % 7}.0` };
    for (const text of [fixture, JSON.stringify(large, null, 4)]) {
      assert.equal(scanPipfileLock(text, accepted), true);
      const general = pipfileLockTree(text, true);
      assert.deepEqual(view(pipfileLockTree(text)), view(general));
      assert.ok(general.tree.nodes.length > 5);
    }
  });
});
