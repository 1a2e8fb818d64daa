import assert from 'node:assert/strict';
import { isRegistryVersion } from '../../../server/src/service/parse/npm/registryVersion';

describe('isRegistryVersion: what yarn, pnpm and bun lockfiles write for a registry package', () => {
  it('accepts full versions, with pre-release and build parts', () => {
    for (const v of ['1.2.3', '0.0.0', '1.0.0-beta.1', '1.0.0+build.5', '10.20.30-rc.1+sha.abc']) assert.equal(isRegistryVersion(v), true, v);
  });

  it('refuses what those lockfiles write for anything else (git, path, link, URL) and partial versions', () => {
    for (const v of ['github:u/r#abc', 'file:../x', 'link:../y', 'https://host/x.tgz', 'workspace:*', '1.2', '^1.2.3', 'v1.2.3', '']) assert.equal(isRegistryVersion(v), false, v);
  });
});
