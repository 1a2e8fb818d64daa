import * as assert from 'node:assert';
import { lockTomlReader } from '../../../server/src/service/parse/python/lockfileValues';
import { pythonLockTree } from '../../../server/src/service/parse/python/pyLockTree';
import { parseUvLock } from '../../../server/src/service/parse/python/uvLock';

describe('one read of a Python lockfile for its pins and its tree (python/pyLockRead.ts)', () => {
  const uv = 'version = 1\n\n[[package]]\nname = "a"\nversion = "1.0"\nsource = { registry = "https://pypi.org/simple" }\n';
  let scans = 0;
  const scan = lockTomlReader.scan;
  beforeEach(() => {
    scans = 0;
    lockTomlReader.scan = (text, schema) => {
      scans++;
      return scan(text, schema);
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
