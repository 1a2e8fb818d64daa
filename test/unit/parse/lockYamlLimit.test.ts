/**
 * A large YAML lockfile the fast scanner refuses is reported, not handed to the general YAML library,
 * whose time grows faster than the file (docs/decisions.md, "YAML lockfiles").
 */
import { strict as assert } from 'node:assert';
import { LIBRARY_MAX_CHARS, readLockYaml } from '../../../server/src/service/parse/npm/lockYaml';
import { unreadableLockfile } from '../../../server/src/service/lockfileHealth';
import { parseLockfile } from '../../../server/src/service/parse';

/** A pnpm v9 lockfile of about `chars` characters, in the shape pnpm writes. */
function largePnpmLock(chars: number): string {
  const out = ["lockfileVersion: '9.0'", '', 'importers:', '', '  .:', '    dependencies:', '      pkg-0:', '        specifier: ^1.0.0', '        version: 1.0.0', '', 'packages:', ''];
  const n = Math.ceil(chars / 160);
  for (let i = 0; i < n; i++) out.push(`  pkg-${i}@1.0.${i}:`, `    resolution: {integrity: sha512-${'A'.repeat(86)}==}`, '');
  out.push('snapshots:', '');
  for (let i = 0; i < n; i++) out.push(`  pkg-${i}@1.0.${i}: {}`, '');
  return out.join('\n');
}

describe('YAML lockfiles past the library limit', () => {
  const large = largePnpmLock(LIBRARY_MAX_CHARS + 100_000);

  it('a large file the scanner reads is read', () => {
    const { read, errors } = readLockYaml(large);
    assert.deepEqual(errors, []);
    assert.ok(read?.root.has('snapshots'));
  });

  it('one tab in it: reported at once as unreadable, naming why, without the library', () => {
    const tabbed = large.replace("lockfileVersion: '9.0'\n", "lockfileVersion: '9.0'\n\t# a tab\n");
    const started = process.cpuUsage();
    const message = unreadableLockfile(parseLockfile('pnpm-lock.yaml', tabbed), 'pnpm-lock.yaml');
    const cpuMs = (process.cpuUsage(started).user + process.cpuUsage(started).system) / 1000;
    assert.match(message ?? '', /^pnpm-lock\.yaml could not be read, so this file's ranges are used instead: The file uses YAML its package manager does not write .* at 2\.\d MB it is too large for the general YAML reader; it was not read\.$/);
    // The library took seconds for 2 MB here; the refusal is a scan.
    assert.ok(cpuMs < 2000, `${cpuMs} ms`);
  });

  it('a small file the scanner refuses still goes to the library, which reads it', () => {
    const { read, errors } = readLockYaml("lockfileVersion: '9.0'\nimporters:\n\t.: {}\n");
    assert.ok(read !== undefined || errors.length > 0);
    assert.ok(errors.every((e) => !/too large/.test(e.message)));
  });
});
