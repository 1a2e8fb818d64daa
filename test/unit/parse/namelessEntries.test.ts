import assert from 'node:assert/strict';
import { parseManifest } from '../../../server/src/service/parse';

// Found by the property test over the table of formats: these read as dependencies without a name.
describe('an entry that names no package', () => {
  it('package.json: an empty key is a problem on its line, not a dependency', () => {
    const parsed = parseManifest('package.json', '{\n  "dependencies": { "lodash": "^4.17.21", "": "1.0.0" }\n}\n');
    assert.deepEqual(parsed.dependencies.map((d) => d.name), ['lodash']);
    assert.deepEqual(parsed.errors.map((e) => [e.message, e.range.start.line]), [['This entry names no package; it was not checked.', 1]]);
  });

  it("requirements.txt: `-e '` is a problem, not a nameless editable", () => {
    const parsed = parseManifest('requirements.txt', "requests==2.31.0\n-e '\n");
    assert.deepEqual(parsed.dependencies.map((d) => d.name), ['requests']);
    assert.ok(parsed.errors.some((e) => e.range.start.line === 1 && /names no package/.test(e.message)), JSON.stringify(parsed.errors));
  });
});
