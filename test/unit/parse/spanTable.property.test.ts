/**
 * parse/spanTable.ts behaves as a Map<string, number> (ABSENT for a missing key), whether a key is set
 * as a string or as a range of a text: the same answers
 * to get, has, and to keys asked as one range of a text or as two ranges of a text joined by a
 * character, and the same insertion order, on random keys (short alphabets, so that keys repeat and
 * hashes collide in slots) and through its growth.
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ABSENT, SpanTable } from '../../../server/src/service/parse/spanTable';

const key = fc.string({ unit: fc.constantFrom('a', 'b', '@', ':', 'é', '😀', '\u0000'), maxLength: 6 });
/** A key, its value, and whether it is set as a range of a longer text (`setSpan`) rather than as a string. */
const op = fc.tuple(key, fc.integer({ min: 0, max: 1000 }), fc.boolean());

describe('SpanTable (parse/spanTable.ts)', () => {
  it('answers get, has, indexOf, keyAt, getSpan, getJoined and forEach as a Map would, keys set as strings or as ranges of a text, through its growth', () =>
    fc.assert(
      fc.property(fc.array(op, { maxLength: 400 }), fc.array(key, { maxLength: 30 }), (ops, asked) => {
        const table = new SpanTable();
        const map = new Map<string, number>();
        for (const [k, v, span] of ops) {
          // A key's index is its place in insertion order (forEach below).
          const index = span ? table.setSpan(`@${k}:${k}`, 1, 1 + k.length, v) : table.set(k, v);
          assert.equal(index, map.has(k) ? [...map.keys()].indexOf(k) : map.size);
          map.set(k, v);
        }
        assert.equal(table.size, map.size);
        const order = [...map.keys()];
        for (const k of [...asked, ...map.keys()]) {
          assert.equal(table.get(k), map.get(k) ?? ABSENT, `get(${JSON.stringify(k)})`);
          assert.equal(table.has(k), map.has(k));
          const index = table.indexOf(k);
          assert.equal(index, map.has(k) ? order.indexOf(k) : ABSENT, `indexOf(${JSON.stringify(k)})`);
          if (index !== ABSENT) assert.equal(table.keyAt(index), k);
          // The same key asked as one range of other text.
          assert.equal(table.getSpan(`x${k}y`, 1, 1 + k.length), map.get(k) ?? ABSENT, `getSpan(${JSON.stringify(k)})`);
          // The same key asked as text: a prefix, one character, and the rest, inside other text.
          const at = k.indexOf('@');
          if (at >= 0) {
            const text = `xx${k.slice(0, at)}|${k.slice(at + 1)}yy`;
            assert.equal(table.getJoined(text, 2, 2 + at, 0x40, 3 + at, 2 + k.length), map.get(k) ?? ABSENT, `getJoined(${JSON.stringify(k)})`);
          }
        }
        const seen: [string, number][] = [];
        table.forEach((v, k) => seen.push([k, v]));
        assert.deepEqual(seen, [...map]);
      }),
      { numRuns: 300 },
    ));

  it('finds nothing for a joined key whose parts or separator differ', () => {
    const table = new SpanTable();
    table.set('ms@^1', 1);
    assert.equal(table.getJoined('ms ^1', 0, 2, 0x40, 3, 5), 1);
    assert.equal(table.getJoined('ms ^1', 0, 2, 0x3a, 3, 5), ABSENT);
    assert.equal(table.getJoined('ms ^2', 0, 2, 0x40, 3, 5), ABSENT);
    assert.equal(table.getJoined('ms ^1', 0, 1, 0x40, 3, 5), ABSENT);
  });

  it('finds nothing for a span that is a prefix, an extension or a neighbour of a key', () => {
    const table = new SpanTable();
    table.set('ms', 1);
    assert.equal(table.getSpan('"ms": 1', 1, 3), 1);
    assert.equal(table.getSpan('"ms": 1', 1, 2), ABSENT);
    assert.equal(table.getSpan('"ms": 1', 1, 4), ABSENT);
    assert.equal(table.getSpan('"ms": 1', 0, 2), ABSENT);
    assert.equal(table.getSpan('', 0, 0), ABSENT);
  });
});
