/**
 * LookupMap (tree/lookupMap.ts) must be a Map to every reader: whatever is asked first (`get` and
 * `has` by lookup, or anything that makes the entries), in any order, with writes mixed in, it
 * answers as a plain Map filled with the same entries; deep equality and printing see its entries.
 */
import * as assert from 'node:assert/strict';
import { inspect } from 'node:util';
import fc from 'fast-check';
import { LookupMap } from '../../../server/src/service/tree/lookupMap';

const key = fc.constantFrom('a', 'b', 'c', 'a@1', 'b@^2', '', '__proto__');
const entries = fc.array(fc.tuple(key, fc.nat({ max: 5 })), { maxLength: 10 });

type Op = ['get' | 'has' | 'delete', string] | ['set', string, number] | ['size' | 'keys' | 'values' | 'entries' | 'iterate' | 'forEach' | 'clear'];
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.tuple(fc.constantFrom('get' as const, 'has' as const, 'delete' as const), key),
  fc.tuple(fc.constant('set' as const), key, fc.nat({ max: 5 })),
  fc.tuple(fc.constantFrom('size' as const, 'keys' as const, 'values' as const, 'entries' as const, 'iterate' as const, 'forEach' as const, 'clear' as const)),
);

/** The map `entries` describe (later values replace earlier ones, a key keeps its first place), as a LookupMap. */
function lookupOf(list: [string, number][]): LookupMap<string, number> {
  const reference = new Map(list);
  let fills = 0;
  return new LookupMap<string, number>(
    (k) => reference.get(k),
    (add) => {
      assert.equal(++fills, 1, 'filled once');
      for (const [k, v] of list) add(k, v);
    },
  );
}

function apply(map: Map<string, number>, o: Op): unknown {
  switch (o[0]) {
    case 'get':
      return map.get(o[1]);
    case 'has':
      return map.has(o[1]);
    case 'delete':
      return map.delete(o[1]);
    case 'set':
      return map.set(o[1], o[2]) === map;
    case 'size':
      return map.size;
    case 'keys':
      return [...map.keys()];
    case 'values':
      return [...map.values()];
    case 'entries':
      return [...map.entries()];
    case 'iterate':
      return [...map];
    case 'forEach': {
      const seen: unknown[] = [];
      map.forEach((v, k, m) => seen.push([k, v, m === map]));
      return seen;
    }
    case 'clear':
      return map.clear();
  }
}

describe('LookupMap (tree/lookupMap.ts)', () => {
  it('answers every sequence of reads and writes as a plain Map with the same entries (property)', () => {
    fc.assert(
      fc.property(entries, fc.array(op, { maxLength: 12 }), (list, ops) => {
        const lazy = lookupOf(list);
        const plain = new Map(list);
        for (const o of ops) assert.deepEqual(apply(lazy, o), apply(plain, o), JSON.stringify(o));
        assert.deepEqual([...lazy], [...plain]);
      }),
      { numRuns: 500 },
    );
  });

  it('is deeply equal to another LookupMap exactly when their entries are, before anything made them (property)', () => {
    fc.assert(
      fc.property(entries, entries, (a, b) => {
        const same = (() => {
          try {
            assert.deepEqual(new Map(a), new Map(b));
            return true;
          } catch {
            return false;
          }
        })();
        if (same) assert.deepEqual(lookupOf(a), lookupOf(b));
        else assert.throws(() => assert.deepEqual(lookupOf(a), lookupOf(b)));
      }),
      { numRuns: 300 },
    );
  });

  it('prints its entries, made when printed', () => {
    const map = lookupOf([['a@1', 3], ['b', 4]]);
    assert.equal(inspect(map), "LookupMap Map(2) { 'a@1' => 3, 'b' => 4 }");
  });
});
