import assert from 'node:assert/strict';
import type { Certificate } from '../../../server/src/service/model';
import { type AskedVersion, mapVerdict, readCertificate } from '../../../server/src/service/trust/certificateReader';
import { seedCertificate } from '../../helpers/answers';

const ASKED: AskedVersion = { registry: 'pypi', name: 'requests', version: '2.31.0' };

function read(json: unknown, opts?: { fromVerify?: boolean }, asked = ASKED): Certificate {
  const reading = readCertificate(json, asked, opts);
  assert.ok(reading.ok, reading.ok ? '' : reading.reason);
  return reading.certificate;
}

function reason(json: unknown, asked = ASKED, opts?: { fromVerify?: boolean }): string {
  const reading = readCertificate(json, asked, opts);
  assert.equal(reading.ok, false);
  return reading.ok ? '' : reading.reason;
}

describe('readCertificate', () => {
  it('reads the example certificate completely', () => {
    assert.deepEqual(read(seedCertificate()), {
      registrySource: 'pypi',
      packageName: 'requests',
      packageVersion: '2.31.0',
      verdict: 'approved',
      councilVerdict: 'APPROVED',
      securityLevel: 'CLEAR',
      retainedWarnings: [],
      analysisType: 'FULL',
      certifiedAt: '2026-04-15T10:23:41.000Z',
      certificateId: 'pkg_abc123',
      distributionSha256: '58cd2187c01e70e6e26505bca751777aa9f2ee0b7f4300988b709f44e013003f',
      verifyUrl: 'https://api.soulbyte.tech/api/v1/public/packages/pypi/requests/2.31.0/verify',
      registryAdvisoryCount: 0,
      registryAdvisorySummary: 'No known registry security advisories were listed for this exact package version at certification time.',
      registryAdvisories: [],
    });
  });

  describe('every optional field tolerates missing, null and wrong types', () => {
    const OPTIONAL: Array<[string, keyof Certificate]> = [
      ['distributionSha256', 'distributionSha256'],
      ['securityLevel', 'securityLevel'],
      ['analysisType', 'analysisType'],
      ['certifiedAt', 'certifiedAt'],
      ['certificateId', 'certificateId'],
      ['verifyEndpoint', 'verifyUrl'],
      ['registryAdvisoryCount', 'registryAdvisoryCount'],
      ['registryAdvisoryHighestSeverity', 'registryAdvisoryHighestSeverity'],
      ['registryAdvisorySummary', 'registryAdvisorySummary'],
    ];
    const WRONG: Array<[string, unknown]> = [
      ['missing', undefined],
      ['null', null],
      ['a boolean', true],
      ['an array', [1, 2]],
      ['an empty string', '   '],
    ];
    for (const [field, key] of OPTIONAL) {
      for (const [label, value] of WRONG) {
        it(`${field} ${label} → absent, the rest still read`, () => {
          const json = seedCertificate({ [field]: value });
          if (value === undefined) delete json[field];
          const certificate = read(json);
          assert.equal(certificate[key], undefined);
          assert.equal(certificate.verdict, 'approved');
          assert.equal(certificate.certificateId, field === 'certificateId' ? undefined : 'pkg_abc123');
        });
      }
    }

    it('keeps unknown enum values verbatim', () => {
      const certificate = read(seedCertificate({ securityLevel: 'ELEVATED-ISH', analysisType: 'SAMPLED', councilVerdict: 'APPROVED_WITH_NOTES' }));
      assert.equal(certificate.securityLevel, 'ELEVATED-ISH');
      assert.equal(certificate.analysisType, 'SAMPLED');
      assert.equal(certificate.councilVerdict, 'APPROVED_WITH_NOTES');
      assert.equal(certificate.verdict, 'conditional');
    });

    it('reads numeric strings and numeric ids, drops negative or fractional counts and bad hashes', () => {
      const certificate = read(seedCertificate({ registryAdvisoryCount: '3', certificateId: 42, distributionSha256: 'SHA256:' + 'AB'.repeat(32) }));
      assert.equal(certificate.registryAdvisoryCount, 3);
      assert.equal(certificate.certificateId, '42');
      assert.equal(certificate.distributionSha256, 'ab'.repeat(32));
      assert.equal(read(seedCertificate({ registryAdvisoryCount: -1 })).registryAdvisoryCount, undefined);
      assert.equal(read(seedCertificate({ registryAdvisoryCount: 1.5 })).registryAdvisoryCount, undefined);
      assert.equal(read(seedCertificate({ distributionSha256: 'not-a-hash' })).distributionSha256, undefined);
    });

    it('keeps only http(s) verify endpoints', () => {
      assert.equal(read(seedCertificate({ verifyEndpoint: 'javascript:alert(1)' })).verifyUrl, undefined);
      assert.equal(read(seedCertificate({ verifyEndpoint: 'command:workbench.action.quit' })).verifyUrl, undefined);
    });
  });

  describe('verdict', () => {
    const TABLE: Array<[string, Certificate['verdict']]> = [
      ['APPROVED', 'approved'],
      ['approved', 'approved'],
      ['  APPROVED ', 'approved'],
      ['REJECTED', 'rejected'],
      ['AUTO_REJECT', 'rejected'],
      ['denied', 'rejected'],
      ['DENY_LIST', 'rejected'],
      ['CONDITIONAL', 'conditional'],
      ['NOT_APPROVED', 'conditional'],
      ['PENDING_REVIEW', 'conditional'],
      ['🤷', 'conditional'],
    ];
    for (const [word, verdict] of TABLE) {
      it(`${JSON.stringify(word)} → ${verdict}`, () => {
        assert.equal(mapVerdict(word), verdict);
        assert.equal(read(seedCertificate({ councilVerdict: word })).councilVerdict, word.trim());
      });
    }
    for (const value of [undefined, null, '', 7, { word: 'APPROVED' }]) {
      it(`a missing or unreadable verdict (${JSON.stringify(value)}) makes the answer invalid`, () => {
        const json = seedCertificate({ councilVerdict: value });
        assert.match(reason(json), /no councilVerdict/);
      });
    }
  });

  describe('retainedWarnings', () => {
    it('renders strings and objects of any shape, dropping none', () => {
      const certificate = read(
        seedCertificate({
          retainedWarnings: [
            'uses eval',
            { code: 'NET', message: 'opens sockets', severity: 'medium' },
            { message: 'only a message' },
            { code: 'ONLY_CODE' },
            { rule: 'R1', description: 'described', file: 'a.py', line: 3 },
            { weird: { nested: [1, 2] } },
            {},
            null,
            42,
            ['a', 'b'],
            '',
          ],
        }),
      );
      assert.deepEqual(certificate.retainedWarnings, [
        'uses eval',
        '[medium] NET: opens sockets',
        'only a message',
        'ONLY_CODE',
        'R1: described (file: a.py, line: 3)',
        '(weird: {nested: [1, 2]})',
        '(empty warning)',
        '(empty warning)',
        '42',
        'a; b',
        '(empty warning)',
      ]);
    });

    it('treats a lone string or object as one warning and caps huge lists with a count', () => {
      assert.deepEqual(read(seedCertificate({ retainedWarnings: 'single' })).retainedWarnings, ['single']);
      assert.deepEqual(read(seedCertificate({ retainedWarnings: { message: 'one' } })).retainedWarnings, ['one']);
      const many = read(seedCertificate({ retainedWarnings: Array.from({ length: 100_000 }, (_, i) => `w${i}`) })).retainedWarnings;
      assert.equal(many.length, 201);
      assert.equal(many[199], 'w199');
      assert.equal(many[200], '… 99800 more warnings');
    });
  });

  describe('advisory fields', () => {
    it('registryAdvisories missing or null means no snapshot; [] means checked, none', () => {
      const missing = seedCertificate();
      delete missing.registryAdvisories;
      assert.equal(read(missing).registryAdvisories, null);
      assert.equal(read(seedCertificate({ registryAdvisories: null })).registryAdvisories, null);
      assert.equal(read(seedCertificate({ registryAdvisories: 'none' })).registryAdvisories, null);
      assert.deepEqual(read(seedCertificate({ registryAdvisories: [] })).registryAdvisories, []);
    });

    it('accepts rows in npm, PyPI and normalised shape', () => {
      const rows = [
        { id: 1096302, url: 'https://github.com/advisories/GHSA-35jh-r3h4-6jhm', title: 'Command Injection', severity: 'high', vulnerable_versions: '<4.17.21', cwe: ['CWE-77'], cvss: { score: 7.2 } },
        { id: 'PYSEC-2023-74', aliases: ['CVE-2023-32681'], summary: 'Leak of Proxy-Authorization', fixed_in: ['2.31.0'], link: 'https://osv.dev/vulnerability/PYSEC-2023-74' },
        { id: 'SIG-1', aliases: [], source: 'sigma', severity: 'critical', title: 'Normalised', url: 'https://example.test/a' },
      ];
      const advisories = read(seedCertificate({ registryAdvisories: rows })).registryAdvisories;
      assert.deepEqual(advisories, [
        { id: '1096302', aliases: ['GHSA-35jh-r3h4-6jhm'], source: 'pypi', severity: 'high', title: 'Command Injection', url: 'https://github.com/advisories/GHSA-35jh-r3h4-6jhm', vulnerableVersions: '<4.17.21' },
        { id: 'PYSEC-2023-74', aliases: ['CVE-2023-32681'], source: 'pypi', severity: 'unknown', title: 'Leak of Proxy-Authorization', url: 'https://osv.dev/vulnerability/PYSEC-2023-74', fixedIn: ['2.31.0'] },
        { id: 'SIG-1', aliases: [], source: 'sigma', severity: 'critical', title: 'Normalised', url: 'https://example.test/a' },
      ]);
    });

    it('caps a huge advisory list and says how many were left out', () => {
      const rows = Array.from({ length: 5000 }, (_, i) => ({ id: `A-${i}`, title: 't' }));
      const certificate = read(seedCertificate({ registryAdvisories: rows, registryAdvisorySummary: 'Many.' }));
      assert.equal(certificate.registryAdvisories?.length, 200);
      assert.equal(certificate.registryAdvisorySummary, 'Many. (… 4800 more advisory rows not shown)');
    });

    it('renders a structured summary as text', () => {
      assert.equal(read(seedCertificate({ registryAdvisorySummary: { text: 'Two advisories.', count: 2 } })).registryAdvisorySummary, 'Two advisories.');
      assert.equal(read(seedCertificate({ registryAdvisorySummary: { count: 2, highest: 'high' } })).registryAdvisorySummary, 'count: 2, highest: high');
    });
  });

  describe('identity', () => {
    it('accepts case and PEP 503 differences for PyPI, and PEP 440-equal versions', () => {
      assert.equal(read(seedCertificate({ packageName: 'Requests' })).packageName, 'Requests');
      assert.ok(readCertificate(seedCertificate({ packageName: 'zope.interface' }), { ...ASKED, name: 'Zope_Interface' }).ok);
      assert.ok(readCertificate(seedCertificate({ packageVersion: '2.31' }), ASKED).ok);
      assert.ok(readCertificate(seedCertificate({ packageVersion: '1.0RC1' }), { ...ASKED, version: '1.0rc1' }).ok);
      assert.ok(readCertificate(seedCertificate({ registrySource: 'PyPI' }), ASKED).ok);
    });

    it('npm: case-insensitive name and version, no PEP 440 equality', () => {
      const npm = { registry: 'npm' as const, name: 'JSONStream', version: '1.0.0-RC.1' };
      assert.ok(readCertificate(seedCertificate({ registrySource: 'npm', packageName: 'jsonstream', packageVersion: '1.0.0-rc.1' }), npm).ok);
      assert.match(reason(seedCertificate({ registrySource: 'npm', packageName: 'jsonstream', packageVersion: '1.0' }), { ...npm, version: '1.0.0' }), /not npm:JSONStream@1\.0\.0/);
    });

    it('rejects another registry, name or version, and missing identity fields', () => {
      assert.match(reason(seedCertificate({ registrySource: 'npm' })), /is for npm:requests@2\.31\.0, not pypi:requests@2\.31\.0/);
      assert.match(reason(seedCertificate({ packageName: 'requests2' })), /is for pypi:requests2@/);
      assert.match(reason(seedCertificate({ packageVersion: '2.31.1' })), /@2\.31\.1, not/);
      assert.match(reason(seedCertificate({ packageName: null, packageVersion: 5 })), /no packageName, packageVersion/);
    });
  });

  describe('hostile JSON', () => {
    it('refuses non-object answers', () => {
      for (const value of [null, undefined, [], [seedCertificate()], 'APPROVED', 42, true]) {
        assert.match(reason(value), /not a JSON object/);
      }
    });

    it('ignores __proto__ and constructor keys without polluting any prototype', () => {
      const text = JSON.stringify(seedCertificate({ retainedWarnings: [{ message: 'm', constructor: 'c' }] })).replace(/^\{/, '{"__proto__":{"polluted":"yes","councilVerdict":"REJECTED"},"constructor":{"prototype":{"polluted":"yes"}},"integrity":{"__proto__":{"x":1},"fileSetHash":"fsh"},');
      const certificate = read(JSON.parse(text), { fromVerify: true });
      assert.equal(({} as Record<string, unknown>).polluted, undefined);
      assert.equal(Object.getPrototypeOf(certificate), Object.prototype);
      assert.equal(certificate.verdict, 'approved');
      assert.equal(certificate.fileSetHash, 'fsh');
      assert.deepEqual(certificate.retainedWarnings, ['m']);
      assert.equal(certificate.details, undefined);
    });

    it('never reads inherited properties as fields', () => {
      // `constructor` exists on every object's prototype; it must not be mistaken for data.
      const certificate = read(seedCertificate({ certificateId: undefined }));
      assert.equal(certificate.certificateId, undefined);
    });

    it('caps very long strings', () => {
      const long = 'x'.repeat(1_000_000);
      const certificate = read(seedCertificate({ registryAdvisorySummary: long, securityLevel: long, retainedWarnings: [long] }));
      assert.ok((certificate.registryAdvisorySummary?.length ?? 0) <= 2001);
      assert.ok((certificate.securityLevel?.length ?? 0) <= 201);
      assert.ok(certificate.retainedWarnings[0].length <= 2001);
      assert.ok(certificate.retainedWarnings[0].endsWith('…'));
    });

    it('survives deeply nested warning objects', () => {
      let nested: unknown = 'bottom';
      for (let i = 0; i < 5000; i += 1) nested = { inner: nested };
      const certificate = read(seedCertificate({ retainedWarnings: [nested] }));
      assert.deepEqual(certificate.retainedWarnings, ['(inner: {inner: {inner: {…}}})']);
    });
  });

  describe('verify payload', () => {
    it('reads integrity fields at top level under each accepted name', () => {
      for (const [hashKey, roundKey] of [
        ['fileSetHash', 'councilRoundId'],
        ['fileSetSha256', 'councilRound'],
        ['fileSetDigest', 'roundId'],
      ]) {
        const certificate = read(seedCertificate({ [hashKey]: 'fs-1', [roundKey]: 17 }), { fromVerify: true });
        assert.equal(certificate.fileSetHash, 'fs-1');
        assert.equal(certificate.councilRoundId, '17');
      }
    });

    it('reads integrity fields under `integrity`, a wrapped certificate, and unknown scalars into details', () => {
      const cert = seedCertificate();
      delete cert.distributionSha256;
      const payload = {
        certificate: cert,
        integrity: { distributionSha256: 'CD'.repeat(32), fileSetSha256: 'fs-2', roundId: 'round-9', algorithm: 'sha256', extra: { nested: true } },
        verifiedAt: '2026-05-01T00:00:00Z',
        chainLength: 3,
        signed: true,
        nestedIgnored: { a: 1 },
      };
      const certificate = read(payload, { fromVerify: true });
      assert.equal(certificate.distributionSha256, 'cd'.repeat(32));
      assert.equal(certificate.fileSetHash, 'fs-2');
      assert.equal(certificate.councilRoundId, 'round-9');
      assert.deepEqual(certificate.details, { verifiedAt: '2026-05-01T00:00:00Z', chainLength: '3', signed: 'true', 'integrity.algorithm': 'sha256' });
    });

    it('collects details only for the verify payload', () => {
      assert.equal(read(seedCertificate({ extraField: 'x' })).details, undefined);
      assert.deepEqual(read(seedCertificate({ extraField: 'x' }), { fromVerify: true }).details, { extraField: 'x' });
    });

    it('shows an unreadable distribution hash in details instead of dropping it', () => {
      const certificate = read(seedCertificate({ distributionSha256: 'md5:abc' }), { fromVerify: true });
      assert.equal(certificate.distributionSha256, undefined);
      assert.deepEqual(certificate.details, { distributionSha256: 'md5:abc' });
    });
  });
});
