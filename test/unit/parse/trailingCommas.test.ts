/** bun.lock's trailing commas are dropped outside strings only (parse/npm/trailingCommas.ts). */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { withoutTrailingCommas } from '../../../server/src/service/parse/npm/trailingCommas';
import { parseLockfile } from '../../../server/src/service/parse';

/** JSON as bun writes it: a comma after every member and element, the last one included. */
function withCommas(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((v) => `${withCommas(v)}, `).join('')}]`;
  if (value !== null && typeof value === 'object') return `{\n${Object.entries(value).map(([k, v]) => `  ${JSON.stringify(k)}: ${withCommas(v)},\n`).join('')}}`;
  return JSON.stringify(value);
}

describe('parse/npm/trailingCommas', () => {
  it('any JSON value written with trailing commas reads back as the same value (property)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.constantFrom('a, }', 'b,]', '\\", }', ',\n]'), (value, tricky) => {
        const withTricky = { value, tricky, nested: [tricky, { [tricky]: tricky }] };
        assert.deepEqual(JSON.parse(withoutTrailingCommas(withCommas(withTricky))), JSON.parse(JSON.stringify(withTricky)));
      }),
      { numRuns: 300 },
    );
  });

  it('text without trailing commas is returned as it is; an unterminated string does not loop', () => {
    const text = '{"a": [1, 2], "b": "x, }"}';
    assert.equal(withoutTrailingCommas(text), text);
    assert.equal(withoutTrailingCommas('{"a": "never closed, }'), '{"a": "never closed, }');
  });

  it('bun.lock: a string holding ", }" keeps it (it was cut by the old regular expression)', () => {
    const lock = `{\n  "lockfileVersion": 1,\n  "workspaces": {\n    "": {\n      "name": "app",\n      "dependencies": {\n        "x": "weird, }",\n      },\n    },\n  },\n  "packages": {\n    "x": ["x@weird, }", {}, "abc"],\n  },\n}\n`;
    const parsed = parseLockfile('bun.lock', lock);
    assert.deepEqual(parsed.errors, []);
    assert.deepEqual(parsed.tree?.skipped.map((s) => s.reason).filter((r) => r.startsWith('not a registry version')), ['not a registry version (weird, })']);
  });
});
