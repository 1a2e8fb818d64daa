import * as assert from 'node:assert';
import { lockfileTomlValues } from '../../../server/src/service/parse/python/lockfileValues';

describe('lockfileTomlValues (python/lockfileValues.ts)', () => {
  const uv = 'version = 1\n\n[[package]]\nname = "a"\nversion = "1.0"\nsource = { registry = "https://pypi.org/simple" }\n';

  it('reads a lockfile text once for its pins and its tree', () => {
    const first = lockfileTomlValues(uv);
    // An equal text from elsewhere (the tree step reads the file's cached text again) is the same lockfile.
    assert.strictEqual(lockfileTomlValues(`${uv.slice(0, 10)}${uv.slice(10)}`), first);
  });

  it('reads a changed text again', () => {
    const first = lockfileTomlValues(uv);
    const changed = lockfileTomlValues(uv.replace('1.0', '2.0'));
    assert.notStrictEqual(changed, first);
    assert.deepStrictEqual((changed.data.package as { version: string }[])[0].version, '2.0');
  });
});
