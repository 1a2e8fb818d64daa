import * as assert from 'node:assert';
import fc from 'fast-check';
import { lockTomlReader } from '../../../server/src/service/parse/python/lockfileValues';
import { headerOffsets } from '../../../server/src/service/parse/python/pyLockRead';
import { pythonLockTree } from '../../../server/src/service/parse/python/pyLockTree';
import { parseUvLock } from '../../../server/src/service/parse/python/uvLock';

describe('one read of a Python lockfile for its pins and its tree (python/pyLockRead.ts)', () => {
  const uv = 'version = 1\n\n[[package]]\nname = "a"\nversion = "1.0"\nsource = { registry = "https://pypi.org/simple" }\n';
  let scans = 0;
  const scan = lockTomlReader.scan;
  beforeEach(() => {
    scans = 0;
    lockTomlReader.scan = (text, schema, stream) => {
      scans++;
      return scan(text, schema, stream);
    };
  });
  afterEach(() => (lockTomlReader.scan = scan));

  it('reads a lockfile text once for its pins and its tree', () => {
    const pins = parseUvLock(uv);
    // An equal text from elsewhere (the tree step reads the file's cached text again) is the same lockfile.
    const { tree } = pythonLockTree('uv.lock', `${uv.slice(0, 10)}${uv.slice(10)}`);
    assert.strictEqual(scans, 1);
    assert.deepStrictEqual(tree.nodes.map((n) => n.key), ['a@1.0']);
    assert.strictEqual(pins.packages.get('a')?.version, '1.0');
  });

  it('reads a changed text again', () => {
    parseUvLock(uv);
    const { tree } = pythonLockTree('uv.lock', uv.replace('1.0', '2.0'));
    assert.strictEqual(scans, 2);
    assert.deepStrictEqual(tree.nodes.map((n) => n.key), ['a@2.0']);
  });

  it('hands a tree over once: a second tree step of the same text gets a tree of its own', () => {
    parseUvLock(uv);
    const first = pythonLockTree('uv.lock', uv).tree;
    const second = pythonLockTree('uv.lock', uv).tree;
    assert.strictEqual(scans, 2);
    assert.notStrictEqual(second, first);
    assert.deepStrictEqual(second.nodes.map((n) => n.key), first.nodes.map((n) => n.key));
  });
});

describe('headerOffsets (python/pyLockRead.ts)', () => {
  /** What it replaced: the regular expression, at each match's first bracket. */
  const reference = (text: string, table: string) => [...text.matchAll(new RegExp(`^[ \\t]*\\[\\[[ \\t]*${table}[ \\t]*\\]\\]`, 'gm'))].map((m) => m.index + m[0].indexOf('['));
  const blanks = fc.constantFrom('', ' ', '\t', ' \t ');
  const line = fc
    .tuple(blanks, fc.constantFrom('[[', '[[', '[[', '[', '[[[', 'x = [', '"[['), blanks, fc.constantFrom('package', 'package', 'packages', 'package.wheels', 'x'), blanks, fc.constantFrom(']]', ']]', ']]', ']', ']]]', ''), fc.constantFrom('', ' # c', 'x'))
    .map((parts) => parts.join(''));
  const terminator = fc.constantFrom('\n', '\r', '\r\n', '\u2028', '\u2029', ' ', '"');
  const text = fc.array(fc.tuple(line, terminator), { maxLength: 12 }).map((lines) => lines.map(([l, t]) => l + t).join(''));

  it('finds the headers the regular expression finds, on text made of header-like lines', () => {
    fc.assert(
      fc.property(text, fc.constantFrom('package', 'packages'), (t, table) => assert.deepStrictEqual(headerOffsets(t, table), reference(t, table))),
      { numRuns: 3000 },
    );
    // Not vacuous: many texts hold headers.
    assert.ok(fc.sample(text, 300).filter((t) => reference(t, 'package').length > 0).length > 60);
  });
});
