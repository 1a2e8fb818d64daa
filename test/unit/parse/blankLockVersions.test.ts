/**
 * A blank name or version in a Python lockfile (`version = ""`) locks nothing: found by the property
 * test over the table of formats (formatTable.property.test.ts), which once produced a pin with an
 * empty version from poetry.lock.
 */
import assert from 'node:assert/strict';
import { parseLockfile } from '../../../server/src/service/parse';

const SAMPLES = {
  'poetry.lock': (v: string) => `[[package]]\nname = "a"\nversion = "${v}"\n\n[metadata]\nlock-version = "2.1"\n`,
  'uv.lock': (v: string) => `version = 1\n\n[[package]]\nname = "a"\nversion = "${v}"\nsource = { registry = "https://pypi.org/simple" }\n`,
  'pylock.toml': (v: string) => `lock-version = "1.0"\n\n[[packages]]\nname = "a"\nversion = "${v}"\n`,
} as const;

describe('Python lockfiles: a blank version locks nothing', () => {
  for (const [kind, sample] of Object.entries(SAMPLES) as Array<[keyof typeof SAMPLES, (v: string) => string]>) {
    it(`${kind}: "" and " " are no version; "1.0" is`, () => {
      for (const blank of ['', ' ']) {
        const parsed = parseLockfile(kind, sample(blank));
        assert.deepEqual([...parsed.packages.values()], [], `${kind} with version "${blank}"`);
        assert.ok((parsed.tree?.nodes ?? []).every((n) => n.version.trim() !== ''), `${kind}: no versionless tree node`);
      }
      assert.deepEqual([...parseLockfile(kind, sample('1.0')).packages.values()].map((p) => p.version), ['1.0']);
    });
  }
});
