import * as assert from 'node:assert';
import fc from 'fast-check';
import { parseManifest } from '../../../server/src/service/parse';
import { createManifestReader } from '../../../server/src/service/parse/manifestReader';

const BASE = [
  '{',
  '  "name": "app",',
  '  "description": "a small app",',
  '  "scripts": { "test": "mocha", "build": "tsc" },',
  '  "keywords": ["x", "y"],',
  '  "dependencies": {',
  '    "lodash": "^4.17.21",',
  '    "alias": "npm:left-pad@1.3.0"',
  '  },',
  '  "devDependencies": { "mocha": "10.0.0" },',
  '  "overrides": { "minimist": "1.2.8" },',
  '  "bundleDependencies": ["lodash"]',
  '}',
  '',
].join('\n');

const edit = fc.record({
  at: fc.nat(),
  remove: fc.nat({ max: 4 }),
  insert: fc.array(fc.constantFrom('a', 'Z', '1', ' ', '"', '\\', '\n', ':', ',', '{', '}', '[', ']', '^', '@', '\t', 'dependencies'), { maxLength: 4 }).map((p) => p.join('')),
});

function apply(text: string, e: { at: number; remove: number; insert: string }): string {
  const at = e.at % (text.length + 1);
  return text.slice(0, at) + e.insert + text.slice(at + e.remove);
}

describe('createManifestReader (parse/manifestReader.ts)', () => {
  it('after any sequence of edits, gives what a fresh parse of the text gives', () => {
    fc.assert(
      fc.property(fc.array(edit, { minLength: 1, maxLength: 12 }), (edits) => {
        const read = createManifestReader();
        let text = BASE;
        read('file:///p/package.json', 'package.json', text);
        for (const e of edits) {
          text = apply(text, e);
          assert.deepStrictEqual(read('file:///p/package.json', 'package.json', text), parseManifest('package.json', text), JSON.stringify(text));
        }
      }),
      { numRuns: 1500 },
    );
  });

  it('after edits inside the description only, gives what a fresh parse gives', () => {
    const at = BASE.indexOf('a small app');
    fc.assert(
      fc.property(fc.array(fc.record({ at: fc.integer({ min: at, max: at + 11 }), remove: fc.nat({ max: 2 }), insert: fc.constantFrom('', 'x', 'é', ' ') }), { maxLength: 10 }), (edits) => {
        const read = createManifestReader();
        let text = BASE;
        read('file:///p/package.json', 'package.json', text);
        for (const e of edits) {
          text = text.slice(0, e.at) + e.insert + text.slice(e.at + Math.min(e.remove, text.indexOf('",', e.at) - e.at));
          assert.deepStrictEqual(read('file:///p/package.json', 'package.json', text), parseManifest('package.json', text));
        }
      }),
    );
  });

  it('does not parse again when the description changes (same result object)', () => {
    const read = createManifestReader();
    const first = read('file:///p/package.json', 'package.json', BASE);
    assert.strictEqual(read('file:///p/package.json', 'package.json', BASE.replace('a small app', 'a small app!')), first);
    assert.strictEqual(read('file:///p/package.json', 'package.json', BASE.replace('a small app', 'a big app')), first);
    const scripts = BASE.replace('a small app', 'a big app').replace('"mocha", "build"', '"mocha --watch", "build"');
    assert.strictEqual(read('file:///p/package.json', 'package.json', scripts), first);
  });

  it('parses again when a dependency, a key or the line structure changes', () => {
    const read = createManifestReader();
    const first = read('file:///p/package.json', 'package.json', BASE);
    const changed = [BASE.replace('^4.17.21', '^4.17.20'), BASE.replace('"description"', '"dependencie"'), BASE.replace('a small app', 'a small\\napp'), BASE.replace('a small app', 'a "small" app')];
    for (const text of changed) {
      const again = read('file:///p/package.json', 'package.json', text);
      assert.notStrictEqual(again, first);
      assert.deepStrictEqual(again, parseManifest('package.json', text));
      read('file:///p/package.json', 'package.json', BASE);
    }
  });
});
