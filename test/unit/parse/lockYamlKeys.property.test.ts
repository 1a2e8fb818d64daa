/**
 * The span-keyed table under the YAML lockfile readers (lockYamlKeys.ts) must answer as a Map of
 * strings would: keys added as spans of a text or as strings, found by span, string or
 * `name@reference` pair, with collisions forced by a small alphabet.
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { YamlCursor } from '../../../server/src/service/parse/npm/lockYamlCursor';
import { BlockKeys, KeyTable } from '../../../server/src/service/parse/npm/lockYamlKeys';

const piece = fc.string({ unit: fc.constantFrom('a', 'b', '@', ':', 'é', '\u{1F600}'), maxLength: 6 });

describe('KeyTable: the same answers as a Map of strings', () => {
  it('on keys added as spans or strings, looked up as spans, strings and pairs', () =>
    fc.assert(
      fc.property(fc.array(fc.tuple(piece, fc.boolean()), { maxLength: 300 }), fc.array(fc.tuple(piece, piece), { maxLength: 50 }), (keys, pairs) => {
        const text = keys.map(([k]) => k).join('\n');
        const table = new KeyTable(text);
        const reference = new Map<string, number>();
        let at = 0;
        for (const [key, asString] of keys) {
          const index = asString ? table.addString(key) : table.addSpan(at, at + key.length);
          at += key.length + 1;
          if (reference.has(key)) assert.equal(index, -1, `duplicate ${key}`);
          else {
            assert.equal(index, reference.size);
            reference.set(key, index);
          }
          assert.equal(table.key(reference.get(key) as number), key);
        }
        assert.equal(table.size, reference.size);
        for (const [key, index] of reference) {
          assert.equal(table.findString(key), index);
          assert.equal(table.find(`x${key}y`, 1, key.length + 1), index);
          // `is` answers as `find` would for one index: its own key, and no other's.
          assert.ok(table.is(index, `x${key}y`, 1, key.length + 1));
          assert.ok(!table.is((index + 1) % (reference.size + 1), `x${key}y`, 1, key.length + 1));
        }
        for (const [a, b] of pairs) {
          assert.equal(table.findPair(a, 0, a.length, b, 0, b.length), reference.get(`${a}@${b}`) ?? -1, `${a}@${b}`);
          assert.equal(table.findJoined(`(${a})`, 1, a.length + 1, '@npm:', b, 0, b.length), reference.get(`${a}@npm:${b}`) ?? -1);
          assert.equal(table.findString(`${a}${b}`), reference.get(`${a}${b}`) ?? -1);
        }
      }),
      { numRuns: 300 },
    ));
});

describe('BlockKeys: the same answers as a Set per block', () => {
  // One BlockKeys is reused for every block (cleared between them): short and long blocks (past
  // the 32 keys where it turns to a Set), keys as spans or as strings (escaped keys).
  it('on blocks of keys given as spans or strings, cleared between blocks', () =>
    fc.assert(
      fc.property(fc.array(fc.array(fc.tuple(fc.string({ unit: fc.constantFrom('a', 'b', 'c'), maxLength: 4 }), fc.nat(20)), { maxLength: 45 }), { maxLength: 6 }), (blocks) => {
        const keys = blocks.flat().map(([k]) => k);
        const text = keys.join('\n');
        const seen = new BlockKeys(text);
        let at = 0;
        for (const block of blocks) {
          seen.clear();
          const reference = new Set<string>();
          for (const [key, how] of block) {
            const cursor = how === 0 ? { keyTextStart: -1, keyTextEnd: -1, key } : { keyTextStart: at, keyTextEnd: at + key.length, key };
            at += key.length + 1;
            assert.equal(seen.add(cursor as unknown as YamlCursor), !reference.has(key), key);
            reference.add(key);
          }
        }
      }),
      { numRuns: 300 },
    ));
});
