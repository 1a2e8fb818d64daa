import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createDiskCache, type DiskCache } from '../../../server/src/node/cache/diskCache';
import { encodeCacheFile } from '../../../server/src/node/cache/cacheFile';
import type { Logger } from '../../../server/src/service/ports';

function recordingLogger(): Logger & { warnings: string[] } {
  const warnings: string[] = [];
  return { warnings, info: () => undefined, warn: (m) => warnings.push(m), error: (m) => warnings.push(m) };
}

describe('node/diskCache', () => {
  let dir: string;
  const open: DiskCache[] = [];
  const cache = (opts: Parameters<typeof createDiskCache>[0] = {}): DiskCache => {
    const created = createDiskCache({ dir, flushDelayMs: 10_000, ...opts });
    open.push(created);
    return created;
  };

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sigma-cache-'));
  });
  afterEach(async () => {
    await Promise.all(open.splice(0).map((c) => c.close()));
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('keeps entries across instances, per namespace, including non-ASCII text and odd keys', async () => {
    const first = cache();
    const cert = { packageName: 'café', warnings: ['naïve “quotes”', 'emoji 🎉'], n: 1.5, nested: { ok: true, none: null } };
    first.set('certificate', 'npm/café/1.0.0', { value: cert, storedAt: 1000 });
    first.set('certificate', 'key\twith\ttabs\nand "quotes" \\ ', { value: [1, 2], storedAt: 2000 });
    first.set('versions', 'npm/café/1.0.0', { value: 'other namespace', storedAt: 3000 });
    first.set('verify', 'gone', { value: 1, storedAt: 1 });
    first.delete('verify', 'gone');
    await first.close();

    const second = cache();
    assert.deepEqual(second.get('certificate', 'npm/café/1.0.0'), { value: cert, storedAt: 1000 });
    assert.deepEqual(second.get('certificate', 'key\twith\ttabs\nand "quotes" \\ '), { value: [1, 2], storedAt: 2000 });
    assert.deepEqual(second.get('versions', 'npm/café/1.0.0'), { value: 'other namespace', storedAt: 3000 });
    assert.equal(second.get('verify', 'gone'), undefined);
    assert.equal(second.get('advisories', 'npm/café/1.0.0'), undefined);
    // Files are pure ASCII, which is what lets the loader decode them as latin1.
    for (const name of fs.readdirSync(dir)) assert.ok(/^[\x00-\x7f]*$/.test(fs.readFileSync(path.join(dir, name), 'latin1')), name);
  });

  it('writes after the debounce delay without an explicit flush', async () => {
    const first = cache({ flushDelayMs: 20 });
    first.set('certificate', 'k', { value: { a: 1 }, storedAt: 5 });
    const file = path.join(dir, 'certificate.cache');
    assert.equal(fs.existsSync(file), false, 'nothing written before the quiet period');
    await waitFor(() => fs.existsSync(file));
    assert.deepEqual(cache().get('certificate', 'k'), { value: { a: 1 }, storedAt: 5 });
  });

  it('writes atomically: only the namespace files remain, never a temporary file', async () => {
    const c = cache();
    for (let round = 0; round < 5; round++) {
      for (let i = 0; i < 50; i++) c.set('certificate', `k${i}`, { value: { round, i }, storedAt: round * 100 + i });
      c.set('advisories', `a${round}`, { value: round, storedAt: round });
      await c.flush();
    }
    assert.deepEqual(fs.readdirSync(dir).sort(), ['advisories.cache', 'certificate.cache']);
  });

  it('removes temporary files left by a writer that died long ago, and keeps recent ones', () => {
    const old = path.join(dir, 'certificate.cache.999-dead.tmp');
    const recent = path.join(dir, 'certificate.cache.999-live.tmp');
    fs.writeFileSync(old, 'partial');
    fs.writeFileSync(recent, 'partial');
    const longAgo = new Date(Date.now() - 60 * 60 * 1000);
    fs.utimesSync(old, longAgo, longAgo);
    cache();
    assert.equal(fs.existsSync(old), false);
    assert.equal(fs.existsSync(recent), true);
  });

  for (const [name, content] of [
    ['garbage', 'this is not a cache file at all'],
    ['empty', ''],
    ['a foreign JSON file', JSON.stringify({ format: 'something-else', version: 1, namespace: 'certificate' }) + '\n{"end":0}\n'],
    ['a newer version', JSON.stringify({ format: 'sigma-package-trust-cache', version: 2, namespace: 'certificate' }) + '\n{"end":0}\n'],
    ['another namespace', JSON.stringify({ format: 'sigma-package-trust-cache', version: 1, namespace: 'versions' }) + '\n{"end":0}\n'],
    ['a truncated file', truncated()],
    ['a wrong entry count', encodeCacheFile('certificate', [['k', { storedAt: 1, raw: '1' }]]).replace('{"end":1}', '{"end":2}')],
    ['a corrupt entry line', encodeCacheFile('certificate', [['k', { storedAt: 1, raw: '1' }]]).replace('\t1\t', '\tnot-a-number\t')],
  ] as const) {
    it(`discards ${name} with a warning, never a crash`, () => {
      fs.writeFileSync(path.join(dir, 'certificate.cache'), content);
      const logger = recordingLogger();
      const c = cache({ logger });
      assert.equal(c.get('certificate', 'k'), undefined);
      assert.equal(logger.warnings.length, 1, logger.warnings.join('\n'));
      assert.match(logger.warnings[0] ?? '', /discarding .*certificate\.cache/);
      // Still a working cache.
      c.set('certificate', 'k', { value: 'new', storedAt: 2 });
      assert.deepEqual(c.get('certificate', 'k'), { value: 'new', storedAt: 2 });
    });
  }

  it('drops a single entry whose value text is corrupt, keeping the others', () => {
    const text = encodeCacheFile('certificate', [
      ['good', { storedAt: 1, raw: '{"a":1}' }],
      ['bad', { storedAt: 2, raw: '{"a":' }],
    ]);
    fs.writeFileSync(path.join(dir, 'certificate.cache'), text);
    const logger = recordingLogger();
    const c = cache({ logger });
    assert.deepEqual(c.get('certificate', 'good'), { value: { a: 1 }, storedAt: 1 });
    assert.equal(c.get('certificate', 'bad'), undefined);
    assert.equal(logger.warnings.length, 1);
  });

  it('evicts the oldest storedAt first when a namespace is over its bound', async () => {
    const c = cache({ maxEntriesPerNamespace: { versions: 3 } });
    c.set('versions', 'b', { value: 'b', storedAt: 200 });
    c.set('versions', 'a', { value: 'a', storedAt: 100 });
    c.set('versions', 'c', { value: 'c', storedAt: 300 });
    c.set('versions', 'd', { value: 'd', storedAt: 400 });
    assert.equal(c.get('versions', 'a'), undefined, 'oldest storedAt goes, although it was not the first set');
    assert.deepEqual(['b', 'c', 'd'].map((k) => c.get('versions', k)?.value), ['b', 'c', 'd']);
    // Other namespaces are not affected by this bound.
    for (let i = 0; i < 10; i++) c.set('certificate', `k${i}`, { value: i, storedAt: i });
    assert.equal(c.get('certificate', 'k0')?.value, 0);
    await c.close();
    // A bound lowered between runs applies at load.
    const smaller = cache({ maxEntriesPerNamespace: { versions: 2 } });
    assert.equal(smaller.get('versions', 'b'), undefined);
    assert.deepEqual(['c', 'd'].map((k) => smaller.get('versions', k)?.value), ['c', 'd']);
  });

  it('does not expire anything: TTL is the caller’s decision, the cache only keeps storedAt', async () => {
    const c = cache();
    c.set('certificate', 'ancient', { value: 'still here', storedAt: 1 });
    await c.close();
    assert.deepEqual(cache().get('certificate', 'ancient'), { value: 'still here', storedAt: 1 });
  });

  for (const [when, settle] of [
    ['right after a flush was asked for', (): Promise<void> => Promise.resolve()],
    ['while a write is under way', (): Promise<void> => new Promise((resolve) => setImmediate(resolve))],
  ] as const) {
    it(`clear() empties memory and removes the files, ${when}`, async () => {
      const c = cache();
      c.set('certificate', 'k', { value: 1, storedAt: 1 });
      await c.flush();
      c.set('verify', 'k', { value: 2, storedAt: 2 });
      const writing = c.flush();
      await settle();
      c.clear();
      await writing;
      assert.equal(c.get('certificate', 'k'), undefined);
      assert.deepEqual(fs.readdirSync(dir), []);
      assert.equal(cache().get('verify', 'k'), undefined);
    });
  }

  describe('two caches over one folder (two windows, a CI job)', () => {
    it('interleaved writes keep both sets of entries, in the file and in each memory', async () => {
      const a = cache();
      const b = cache();
      for (let i = 0; i < 20; i++) {
        a.set('certificate', `a${i}`, { value: i, storedAt: 1000 + i });
        await a.flush();
        b.set('certificate', `b${i}`, { value: i, storedAt: 1000 + i });
        await b.flush();
      }
      const reader = cache();
      for (let i = 0; i < 20; i++) {
        assert.deepEqual(reader.get('certificate', `a${i}`), { value: i, storedAt: 1000 + i });
        assert.deepEqual(reader.get('certificate', `b${i}`), { value: i, storedAt: 1000 + i });
      }
      assert.deepEqual(b.get('certificate', 'a19'), { value: 19, storedAt: 1019 }, 'a later writer also learns the other entries');
    });

    it('a newer storedAt wins whichever process holds it; a delete here is not undone by the other copy', async () => {
      const a = cache();
      const b = cache();
      a.set('certificate', 'shared', { value: 'old', storedAt: 1 });
      a.set('certificate', 'dropped', { value: 'x', storedAt: 1 });
      await a.flush();
      b.set('certificate', 'shared', { value: 'new', storedAt: 2 });
      await b.flush();
      a.set('certificate', 'other', { value: 'o', storedAt: 3 });
      a.delete('certificate', 'dropped');
      await a.flush();
      const reader = cache();
      assert.deepEqual(reader.get('certificate', 'shared'), { value: 'new', storedAt: 2 });
      assert.equal(reader.get('certificate', 'dropped'), undefined);
      assert.deepEqual(reader.get('certificate', 'other'), { value: 'o', storedAt: 3 });
    });
  });

  it('holds certificates and verify payloads as JSON text: each get parses a fresh copy, later changes to the set object do not reach it; version lists stay one parsed object', async () => {
    const c = cache();
    const certificate = { packageName: 'café', retainedWarnings: ['one'] };
    c.set('certificate', 'k', { value: certificate, storedAt: 1 });
    certificate.retainedWarnings.push('changed after set');
    const first = c.get('certificate', 'k');
    const second = c.get('certificate', 'k');
    assert.deepEqual(first, { value: { packageName: 'café', retainedWarnings: ['one'] }, storedAt: 1 });
    assert.notEqual(first?.value, second?.value);
    assert.deepEqual(first?.value, second?.value);
    const verify = { details: { x: 1 } };
    c.set('verify', 'k', { value: verify, storedAt: 2 });
    assert.notEqual(c.get('verify', 'k')?.value, verify);
    assert.deepEqual(c.get('verify', 'k')?.value, verify);
    const versions = { versions: ['1.0.0'] };
    c.set('versions', 'k', { value: versions, storedAt: 3 });
    assert.equal(c.get('versions', 'k')?.value, versions);
    await c.flush();
    const reader = cache();
    assert.deepEqual(reader.get('certificate', 'k'), { value: { packageName: 'café', retainedWarnings: ['one'] }, storedAt: 1 });
    assert.notEqual(reader.get('certificate', 'k')?.value, reader.get('certificate', 'k')?.value);
    assert.equal(reader.get('versions', 'k')?.value, reader.get('versions', 'k')?.value);
  });

  it('works in memory only without a directory', async () => {
    const c = createDiskCache();
    c.set('certificate', 'k', { value: { x: 1 }, storedAt: 7 });
    assert.deepEqual(c.get('certificate', 'k'), { value: { x: 1 }, storedAt: 7 });
    await c.close();
  });

  it('logs a failed write and keeps working', async () => {
    const blocked = path.join(dir, 'not-a-dir');
    fs.writeFileSync(blocked, 'a file where the cache dir should be');
    const logger = recordingLogger();
    const c = cache({ dir: blocked, logger });
    c.set('certificate', 'k', { value: 1, storedAt: 1 });
    await c.flush();
    assert.equal(logger.warnings.length, 1);
    assert.match(logger.warnings[0] ?? '', /cannot write/);
    assert.equal(c.get('certificate', 'k')?.value, 1);
  });

  it('loads 10,000 certificates without parsing them: far faster than parsing every value', async function () {
    this.timeout(60_000);
    // Not kept in `open`: its 10,000 values would otherwise stay on the heap and slow every GC.
    const writer = createDiskCache({ dir });
    for (let i = 0; i < 10_000; i++) writer.set('certificate', `npm/pkg-${i}/1.0.${i}`, { value: sampleCertificate(i), storedAt: i });
    await writer.close();
    const file = path.join(dir, 'certificate.cache');
    const bytes = fs.statSync(file).size;
    const load: number[] = [];
    const eager: number[] = [];
    for (let run = 0; run < 5; run++) {
      let started = performance.now();
      const loaded = createDiskCache({ dir });
      load.push(performance.now() - started);
      assert.equal(loaded.get('certificate', 'npm/pkg-9999/1.0.9999')?.storedAt, 9999);
      await loaded.close();
      // The baseline: what any loader that parses every value up front has to do at least.
      started = performance.now();
      const values = fs.readFileSync(file, 'utf8').split('\n').slice(1, -2).map((line) => JSON.parse(line.slice(line.lastIndexOf('\t') + 1)) as unknown);
      eager.push(performance.now() - started);
      assert.equal(values.length, 10_000);
    }
    const show = (ms: number[]): string => ms.map((t) => t.toFixed(1)).join(' / ');
    console.log(`      cache load, 10,000 certificates (${(bytes / 1e6).toFixed(1)} MB): ${show(load)} ms; parsing every value instead: ${show(eager)} ms`);
    // Absolute times depend on the machine and its neighbours (this one is shared); the design
    // choice does not: the lazy loader must beat the parse-everything baseline by a wide margin.
    const bestLoad = Math.min(...load);
    const bestEager = Math.min(...eager);
    assert.ok(bestLoad * 3 < bestEager, `best load ${bestLoad.toFixed(1)} ms vs ${bestEager.toFixed(1)} ms for parsing every value`);
    assert.ok(bestLoad < 1000, `best load ${bestLoad.toFixed(1)} ms`);
  });
});

/** A certificate of realistic size (about 1 KB): two advisories, warnings, hashes. */
function sampleCertificate(i: number): unknown {
  return {
    registrySource: 'npm',
    packageName: `pkg-${i}`,
    packageVersion: `1.0.${i}`,
    councilVerdict: 'APPROVED',
    securityLevel: 'CLEAR',
    retainedWarnings: ['uses eval in a build script', { code: 'NET', message: 'network access at install', severity: 'low' }],
    analysisType: 'FULL',
    certifiedAt: '2025-01-02T03:04:05Z',
    certificateId: `pkg_${i.toString(36)}abc123`,
    distributionSha256: 'ab'.repeat(32),
    verifyEndpoint: `https://api.soulbyte.tech/api/v1/public/packages/npm/pkg-${i}/1.0.${i}/verify`,
    registryAdvisoryCount: 2,
    registryAdvisoryHighestSeverity: 'moderate',
    registryAdvisorySummary: '2 advisories, highest moderate',
    registryAdvisories: [
      { id: `1${i}`, url: 'https://github.com/advisories/GHSA-xxxx-yyyy-zzzz', title: 'Prototype pollution', severity: 'moderate', vulnerable_versions: '<1.0.0', cwe: ['CWE-1321'], cvss: { score: 5.6, vectorString: 'CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:L/I:L/A:L' } },
      { id: `2${i}`, url: 'https://github.com/advisories/GHSA-aaaa-bbbb-cccc', title: 'ReDoS', severity: 'low', vulnerable_versions: '<0.9.0', cwe: ['CWE-1333'], cvss: { score: 3.1, vectorString: 'CVSS:3.1/AV:N/AC:H/PR:N/UI:R/S:U/C:N/I:N/A:L' } },
    ],
  };
}

function truncated(): string {
  const full = encodeCacheFile('certificate', [
    ['k', { storedAt: 1, raw: '{"a":1}' }],
    ['l', { storedAt: 2, raw: '{"b":2}' }],
  ]);
  return full.slice(0, full.length - 12);
}

async function waitFor(condition: () => boolean): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met within 5 s');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
