/**
 * One guard for hostile JSON (shared/src/jsonReading.ts) for the trust stage and version resolution.
 * Resolution had its own copy that read inherited properties; with the shared guard both read own
 * properties only and refuse a kept dictionary that has an own `__proto__` (docs/security.md).
 */
import assert from 'node:assert/strict';
import { hasProtoKey, own, quote, safeKeys } from '../../../shared/src/jsonReading';
import { readNpmPackument } from '../../../server/src/service/resolve/npmPackument';
import { readPypiProject } from '../../../server/src/service/resolve/pypiProject';

describe('one hostile-JSON guard', () => {
  it('an own __proto__ (as JSON.parse makes it) is found; constructor and prototype are data keys', () => {
    assert.equal(hasProtoKey(JSON.parse('{"__proto__":{"polluted":true}}')), true);
    assert.equal(hasProtoKey(JSON.parse('{"constructor":"1.0.0","prototype":"2.0.0"}')), false);
    assert.deepEqual(safeKeys(JSON.parse('{"__proto__":1,"constructor":2,"prototype":3,"a":4}')), ['a']);
    assert.equal(own({}, 'constructor'), undefined);
  });

  it('version resolution reads own properties only, as the trust readers do', () => {
    // Inherited fields never come from JSON.parse, but the rule is the same everywhere: only own ones count.
    const npm = readNpmPackument(Object.create({ name: 'pkg', versions: { '1.0.0': {} } }), 'pkg');
    assert.deepEqual(npm, { invalid: 'the registry answer has no package name' });
    const entry = Object.create({ deprecated: 'inherited', dist: { integrity: 'sha512-inherited' } }) as object;
    const read = readNpmPackument({ name: 'pkg', versions: { '1.0.0': entry } }, 'pkg');
    assert.ok(!('invalid' in read));
    assert.deepEqual(read.versions.get('1.0.0'), {});
    const pypi = readPypiProject({ info: Object.create({ name: 'demo' }), releases: {} }, 'demo');
    assert.deepEqual(pypi, { invalid: 'the index answer has no project name' });
  });

  it('a kept dictionary with an own __proto__ refuses the answer; one with constructor keeps it as data', () => {
    assert.deepEqual(readNpmPackument(JSON.parse('{"name":"pkg","versions":{},"dist-tags":{"__proto__":"1.0.0"}}'), 'pkg'), { invalid: 'the registry answer has a forbidden key' });
    const kept = readNpmPackument(JSON.parse('{"name":"pkg","versions":{"1.0.0":{}},"dist-tags":{"constructor":"1.0.0"}}'), 'pkg');
    assert.ok(!('invalid' in kept));
    assert.equal(kept.distTags.constructor, '1.0.0');
  });

  it('quotes a value for a one-line message', () => {
    assert.equal(quote('x'.repeat(100)), `${'x'.repeat(77)}…`);
    assert.equal(quote(42), 'number');
  });
});
