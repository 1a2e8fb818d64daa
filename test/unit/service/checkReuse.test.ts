/**
 * The checker hands the previous check back, untouched, when an edit changed nothing it depends on
 * (the same parse, lockfile and settings, every answer kept and fresh), and builds a new one
 * otherwise: docs/benchmarks.md, "Where an edit's time went".
 */
import assert from 'node:assert/strict';
import { createSigmaService, type SigmaService } from '../../../server/src/service';
import type { ManifestCheck } from '../../../server/src/service/checker';
import { certificateUrl } from '../../../server/src/service/registryUrls';
import { normalizeSettings, type SigmaSettings } from '../../../server/src/service/settings';
import { seedCertificate } from '../../helpers/answers';
import { FakeClock, FakeHttp, fakeRuntime } from '../../helpers/ports';

const URI = 'file:///w/package.json';
const manifest = (description: string): string => `{\n  "description": "${description}",\n  "dependencies": {\n    "lodash": "4.17.21",\n    "left-pad": "1.3.0"\n  }\n}\n`;
const lock = (leftPad: string): string => JSON.stringify({ lockfileVersion: 3, packages: { '': {}, 'node_modules/lodash': { version: '4.17.21' }, 'node_modules/left-pad': { version: leftPad } } });

interface World {
  service: SigmaService;
  http: FakeHttp;
  clock: FakeClock;
  files: Record<string, string>;
  settings: SigmaSettings;
}

function world(): World {
  const settings = normalizeSettings({ advisoryFallback: false });
  const http = new FakeHttp({ unmatched: 'not-found' });
  for (const [name, version] of [['lodash', '4.17.21'], ['left-pad', '1.3.0'], ['left-pad', '1.3.10']]) {
    http.json(certificateUrl(settings.apiUrl, 'npm', name, version), seedCertificate({ registrySource: 'npm', packageName: name, packageVersion: version, councilVerdict: 'APPROVED', verifyEndpoint: undefined }));
  }
  const clock = new FakeClock();
  const rt = fakeRuntime({ http, clock, files: { '/w/package-lock.json': lock('1.3.0') } });
  return { service: createSigmaService(rt.runtime, settings), http, clock, files: rt.files.files, settings };
}

async function check(w: World, text: string, previous?: ManifestCheck, settings = w.settings): Promise<{ initial: ManifestCheck; final: ManifestCheck }> {
  const prepared = await w.service.prepare({ uri: URI, path: '/w/package.json', kind: 'package.json', text: () => text });
  assert.ok(prepared);
  const { initial, done } = w.service.check(prepared, { settings, previous });
  return { initial, final: await done };
}

describe('checker: an edit that changes nothing it depends on reuses the whole check', () => {
  it('a description edit gets the previous check back, with no request', async () => {
    const w = world();
    const first = (await check(w, manifest('a'))).final;
    const requests = w.http.calls.length;
    const { initial, final } = await check(w, manifest('b'), first);
    assert.equal(initial, first);
    assert.equal(final, first);
    assert.equal(w.http.calls.length, requests);
  });

  it('new settings, a changed lockfile or a changed dependency give a new check', async () => {
    const w = world();
    const first = (await check(w, manifest('a'))).final;
    const other = normalizeSettings({ advisoryFallback: false, uncertifiedSeverity: 'error' });
    assert.notEqual((await check(w, manifest('b'), first, other)).initial, first, 'settings');
    // A new stamp (the in-memory port stamps by length): npm install moved left-pad.
    w.files['/w/package-lock.json'] = lock('1.3.10');
    const moved = (await check(w, manifest('c'), first)).final;
    assert.notEqual(moved, first, 'lockfile');
    assert.equal(moved.dependencies.find((d) => d.dependency.name === 'left-pad')?.resolution.version, '1.3.10');
    assert.notEqual((await check(w, manifest('d').replace('4.17.21', '4.17.20'), moved)).initial, moved, 'a dependency');
  });

  it('answers that aged out are asked again (a new check, refreshing them)', async () => {
    const w = world();
    const first = (await check(w, manifest('a'))).final;
    w.clock.time += w.settings.cacheTtlMinutes * 60_000;
    const { initial } = await check(w, manifest('b'), first);
    assert.notEqual(initial, first);
    assert.equal(initial.refreshing, 2);
  });

  it('a lookup that failed is not reused: the next edit builds a new check and asks again', async () => {
    const w = world();
    const url = certificateUrl(w.settings.apiUrl, 'npm', 'lodash', '4.17.21');
    const answer = w.http.answers.get(url);
    w.http.fail(url, 'timeout');
    const first = (await check(w, manifest('a'))).final;
    const asked = w.http.calls.filter((c) => c.url === url).length;
    if (answer) w.http.answers.set(url, answer);
    const second = (await check(w, manifest('b'), first)).final;
    assert.notEqual(second, first);
    assert.ok(w.http.calls.filter((c) => c.url === url).length > asked, 'asked again');
    assert.equal(second.dependencies.find((d) => d.dependency.name === 'lodash')?.status, 'approved');
  });
});
