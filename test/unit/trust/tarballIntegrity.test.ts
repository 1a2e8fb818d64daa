import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import type { VersionSource } from '../../../server/src/service/resolve/versionSource';
import { checkNpmTarball, compareSri } from '../../../server/src/service/trust/tarballIntegrity';
import { FakeHttp } from '../../helpers/ports';

const bytes = new TextEncoder().encode('pretend this is a gzip tarball');
const sri = (alg: string) => `${alg}-${createHash(alg).update(bytes).digest('base64')}`;
const sha256 = createHash('sha256').update(bytes).digest('hex');

/** Every request gets the tarball's bytes. */
function tarballHttp(): FakeHttp {
  return new FakeHttp().on(() => true, { ok: true, status: 200, json: undefined, headers: {}, bytes });
}

const noVersions: VersionSource = {
  npmPackument: async () => ({ error: 'not asked', networkFailure: false }),
  pypiProject: async () => ({ error: 'not asked', networkFailure: false }),
  npmDeclared: async () => ({ error: 'not asked', networkFailure: false }),
  pypiRequiresDist: async () => ({ error: 'not asked', networkFailure: false }),
};

describe('npm tarball integrity', () => {
  it('compares with the strongest SRI algorithm present', async () => {
    assert.equal(await compareSri(bytes, sri('sha512')), 'match');
    assert.equal(await compareSri(bytes, `${sri('sha1')} ${sri('sha512')}`), 'match');
    assert.equal(await compareSri(bytes, `sha512-${Buffer.alloc(64).toString('base64')} ${sri('sha1')}`), 'mismatch', 'a weaker matching hash does not save a stronger mismatch');
    assert.equal(await compareSri(bytes, 'md5-abc'), 'unknown');
    assert.equal(await compareSri(bytes, undefined), 'unknown');
  });

  it('downloads from the lockfile URL on the configured registry and compares both hashes', async () => {
    const http = tarballHttp();
    const calls = http.calls;
    const result = await checkNpmTarball(
      { http, versions: noVersions },
      { name: 'ms', version: '2.1.3', resolved: 'http://127.0.0.1:9/ms/-/ms-2.1.3.tgz', integrity: sri('sha512'), distributionSha256: 'f'.repeat(64), npmRegistryUrl: 'http://127.0.0.1:9' },
    );
    assert.equal(calls.length, 1);
    assert.equal(calls[0].responseType, 'bytes');
    assert.deepEqual({ lockfile: result.lockfile, certificate: result.certificate, sha256: result.sha256 }, { lockfile: 'match', certificate: 'mismatch', sha256 });
  });

  it('never downloads from a host other than the configured registry', async () => {
    const http = tarballHttp();
    const calls = http.calls;
    const result = await checkNpmTarball(
      { http, versions: noVersions },
      { name: 'ms', version: '2.1.3', resolved: 'https://elsewhere.invalid/ms.tgz', integrity: sri('sha512'), npmRegistryUrl: 'http://127.0.0.1:9' },
    );
    assert.equal(calls.length, 0);
    assert.match(result.error ?? '', /no tarball URL/);
  });
});
