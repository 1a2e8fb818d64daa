import assert from 'node:assert/strict';
import { cvssBand, isActive, matchNpmBulk, normaliseAdvisory, normaliseSeverity, readPypiRelease, safeHttpUrl } from '../../../server/src/service/trust/advisories';

describe('advisories', () => {
  it('normalises an npm bulk row', () => {
    assert.deepEqual(
      normaliseAdvisory(
        {
          id: 1096302,
          url: 'https://github.com/advisories/GHSA-35JH-R3H4-6JHM',
          title: 'Command Injection in lodash',
          severity: 'high',
          vulnerable_versions: '<4.17.21',
          cwe: ['CWE-77'],
          cvss: { score: 7.2, vectorString: 'CVSS:3.1/AV:N/AC:L/PR:H/UI:N/S:U/C:H/I:H/A:H' },
        },
        'npm',
      ),
      {
        id: '1096302',
        aliases: ['GHSA-35jh-r3h4-6jhm'],
        source: 'npm',
        severity: 'high',
        title: 'Command Injection in lodash',
        url: 'https://github.com/advisories/GHSA-35JH-R3H4-6JHM',
        vulnerableVersions: '<4.17.21',
      },
    );
  });

  it('normalises a PyPI/OSV row, title from summary or the first line of details', () => {
    const row = {
      id: 'PYSEC-2023-74',
      aliases: ['CVE-2023-32681', 'GHSA-j8r2-6x86-q33q'],
      summary: null,
      details: 'Requests leaks Proxy-Authorization headers.\nMore text.',
      fixed_in: ['2.31.0'],
      link: 'https://osv.dev/vulnerability/PYSEC-2023-74',
      source: 'osv',
      withdrawn: null,
    };
    assert.deepEqual(normaliseAdvisory(row, 'pypi'), {
      id: 'PYSEC-2023-74',
      aliases: ['CVE-2023-32681', 'GHSA-j8r2-6x86-q33q'],
      source: 'pypi',
      severity: 'unknown',
      title: 'Requests leaks Proxy-Authorization headers.',
      url: 'https://osv.dev/vulnerability/PYSEC-2023-74',
      fixedIn: ['2.31.0'],
    });
  });

  it('marks withdrawn rows (timestamp or true) as not active, keeps them', () => {
    for (const withdrawn of ['2024-01-01T00:00:00Z', true]) {
      const advisory = normaliseAdvisory({ id: 'X', summary: 's', withdrawn }, 'pypi');
      assert.ok(advisory);
      assert.equal(advisory.withdrawn, true);
      assert.equal(isActive(advisory), false);
    }
    for (const withdrawn of [null, false, '', undefined]) {
      const advisory = normaliseAdvisory({ id: 'X', summary: 's', withdrawn }, 'pypi');
      assert.ok(advisory);
      assert.equal(advisory.withdrawn, undefined);
      assert.equal(isActive(advisory), true);
    }
  });

  it('keeps only http(s) links', () => {
    for (const bad of ['javascript:alert(1)', 'command:workbench.action.terminal.new', 'file:///etc/passwd', 'data:text/html,x', 'vscode://x', 'not a url', 42]) {
      assert.equal(safeHttpUrl(bad), undefined, String(bad));
      assert.equal(normaliseAdvisory({ id: 'A', title: 't', url: bad }, 'npm')?.url, undefined);
    }
    assert.equal(safeHttpUrl(' https://example.test/a b '), 'https://example.test/a%20b');
  });

  it('takes an id from aliases or a GHSA link when there is none, and drops rows with nothing usable', () => {
    assert.equal(normaliseAdvisory({ aliases: ['CVE-1'], summary: 's' }, 'pypi')?.id, 'CVE-1');
    assert.deepEqual(normaliseAdvisory({ url: 'https://github.com/advisories/GHSA-p6mc-m468-83gw', title: 't' }, 'npm'), {
      id: 'GHSA-p6mc-m468-83gw',
      aliases: [],
      source: 'npm',
      severity: 'unknown',
      title: 't',
      url: 'https://github.com/advisories/GHSA-p6mc-m468-83gw',
    });
    assert.equal(normaliseAdvisory({ severity: 'high' }, 'npm'), null);
    assert.equal(normaliseAdvisory(null, 'npm'), null);
    assert.equal(normaliseAdvisory(7, 'npm'), null);
    assert.deepEqual(normaliseAdvisory('plain text row', 'sigma'), { id: 'plain text row', aliases: [], source: 'sigma', severity: 'unknown', title: 'plain text row' });
  });

  it('maps severity words and CVSS scores', () => {
    const table: Array<[unknown, string]> = [
      ['low', 'low'],
      ['LOW', 'low'],
      ['moderate', 'moderate'],
      ['Medium', 'moderate'],
      ['high', 'high'],
      ['important', 'high'],
      ['critical', 'critical'],
      ['none', 'low'],
      ['severe?', 'unknown'],
      [null, 'unknown'],
      [9.8, 'critical'],
      ['7.5', 'high'],
      [4, 'moderate'],
      [3.9, 'low'],
      [11, 'unknown'],
      ['__proto__', 'unknown'],
      ['constructor', 'unknown'],
    ];
    for (const [input, expected] of table) assert.equal(normaliseSeverity(input), expected, String(input));
    assert.equal(cvssBand(Number.NaN), 'unknown');
    assert.equal(normaliseAdvisory({ id: 'A', title: 't', cvss: { score: 9.1 } }, 'npm')?.severity, 'critical');
  });

  describe('matchNpmBulk', () => {
    const answer = {
      lodash: [
        { id: 1, title: 'old', severity: 'high', vulnerable_versions: '<4.17.21' },
        { id: 2, title: 'prerelease only', severity: 'low', vulnerable_versions: '>=5.0.0-beta.1 <5.0.0' },
        { id: 3, title: 'no range', severity: 'moderate' },
        { id: 4, title: 'bad range', severity: 'moderate', vulnerable_versions: 'not a range' },
      ],
      minimist: [{ id: 9, title: 'proto', severity: 'critical', vulnerable_versions: '<0.2.1 || >=1.0.0 <1.2.6' }],
      unrelated: [{ id: 10, title: 'never asked' }],
    };

    it('matches vulnerable_versions per version with npm audit semver rules (prereleases included)', () => {
      const result = matchNpmBulk(
        answer,
        new Map([
          ['lodash', ['4.17.20', '4.17.21', '5.0.0-beta.2']],
          ['minimist', ['1.2.5', '1.2.6']],
          ['absent', ['1.0.0']],
        ]),
      );
      const ids = (key: string): string[] => result?.get(key)?.map((advisory) => advisory.id) ?? ['<missing>'];
      assert.deepEqual(ids('lodash@4.17.20'), ['1', '3', '4']);
      assert.deepEqual(ids('lodash@4.17.21'), ['3', '4']);
      assert.deepEqual(ids('lodash@5.0.0-beta.2'), ['2', '3', '4']);
      assert.deepEqual(ids('minimist@1.2.5'), ['9']);
      assert.deepEqual(ids('minimist@1.2.6'), []);
      assert.deepEqual(ids('absent@1.0.0'), []);
      assert.equal(result?.size, 6);
    });

    it('is null for a non-object answer and ignores inherited names', () => {
      assert.equal(matchNpmBulk([], new Map([['a', ['1.0.0']]])), null);
      assert.equal(matchNpmBulk('x', new Map([['a', ['1.0.0']]])), null);
      assert.deepEqual(matchNpmBulk({}, new Map([['constructor', ['1.0.0']]]))?.get('constructor@1.0.0'), []);
    });
  });

  describe('readPypiRelease', () => {
    const release = {
      info: { name: 'Requests', version: '2.30.0' },
      urls: [
        { filename: 'a.whl', digests: { sha256: 'AA'.repeat(32), md5: 'x' } },
        { filename: 'a.tar.gz', digests: { sha256: 'bb'.repeat(32) } },
        { filename: 'dup.whl', digests: { sha256: 'aa'.repeat(32) } },
        { filename: 'bad', digests: { sha256: 'zz' } },
        { filename: 'none' },
        'junk',
      ],
      vulnerabilities: [
        { id: 'PYSEC-1', aliases: ['CVE-1'], summary: 'active', fixed_in: ['2.31.0'], link: 'https://osv.dev/vulnerability/PYSEC-1', withdrawn: null },
        { id: 'PYSEC-2', aliases: [], details: 'withdrawn one', fixed_in: [], link: 'javascript:alert(1)', withdrawn: '2023-08-01T00:00:00Z' },
      ],
    };

    it('reads vulnerabilities (withdrawn kept, marked) and file digests', () => {
      const read = readPypiRelease(release, 'requests', '2.30.0');
      assert.ok(read.ok);
      assert.deepEqual(read.sha256, ['aa'.repeat(32), 'bb'.repeat(32)]);
      assert.deepEqual(read.vulnerabilities, [
        { id: 'PYSEC-1', aliases: ['CVE-1'], source: 'pypi', severity: 'unknown', title: 'active', url: 'https://osv.dev/vulnerability/PYSEC-1', fixedIn: ['2.31.0'] },
        { id: 'PYSEC-2', aliases: [], source: 'pypi', severity: 'unknown', title: 'withdrawn one', withdrawn: true },
      ]);
      assert.deepEqual(read.vulnerabilities.filter(isActive).map((v) => v.id), ['PYSEC-1']);
    });

    it('refuses an answer for another release and non-objects; tolerates missing parts', () => {
      assert.deepEqual(readPypiRelease(release, 'requests', '2.31.0'), { ok: false, reason: 'PyPI answered for version "2.30.0", not "2.31.0"' });
      assert.equal(readPypiRelease(release, 'urllib3', '2.30.0').ok, false);
      assert.equal(readPypiRelease([], 'requests', '2.30.0').ok, false);
      assert.deepEqual(readPypiRelease({}, 'requests', '2.30.0'), { ok: true, vulnerabilities: [], sha256: [] });
      assert.deepEqual(readPypiRelease({ info: null, urls: {}, vulnerabilities: 'x' }, 'requests', '2.30.0'), { ok: true, vulnerabilities: [], sha256: [] });
    });
  });
});
