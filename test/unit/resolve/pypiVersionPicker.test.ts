import assert from 'node:assert/strict';
import { pickPypiVersion, readPypiProject } from '../../../server/src/service/resolve/pypiVersionPicker';
import type { PypiProjectSummary } from '../../../server/src/service/resolve/pypiVersionPicker';
import { pypiDoc } from '../../helpers/answers';

/** Every release has one file unless given; `true` marks a yanked file. */
function project(releases: Record<string, boolean[]> | string[]): PypiProjectSummary {
  const files = Array.isArray(releases) ? Object.fromEntries(releases.map((v) => [v, [false]])) : releases;
  const read = readPypiProject(pypiDoc('Demo_Pkg', files), 'demo-pkg');
  if ('invalid' in read) throw new Error(read.invalid);
  return read;
}

const range = { exactPin: false, allowPrereleases: false };
const pick = (p: PypiProjectSummary, spec: string, opts = range): string | null => pickPypiVersion(p, spec, opts).version;

describe('pickPypiVersion', () => {
  it('picks the newest version satisfying the specifier', () => {
    const p = project(['1.0', '1.4.9', '1.10.0', '2.0', '1.9']);
    assert.equal(pick(p, '>=1.0,<2.0'), '1.10.0');
    assert.equal(pick(p, ''), '2.0');
    assert.equal(pick(p, '<1.5'), '1.4.9');
  });

  describe('pre-releases', () => {
    const p = project(['1.0', '2.0b1', '2.0b2', '2.1.dev3']);

    it('are skipped while a final release matches', () => {
      assert.equal(pick(p, '>=1.0'), '1.0');
      assert.equal(pick(p, ''), '1.0');
    });

    it('count when the specifier names one, in any clause of the set', () => {
      assert.equal(pick(p, '>=2.0b1'), '2.1.dev3');
      assert.equal(pick(p, '>=2.0b1,<2.1.dev0'), '2.0b2');
    });

    it('do not count when only != names one', () => {
      assert.equal(pick(p, '>=1.0,!=2.0b1'), '1.0');
    });

    it('count with --pre', () => {
      assert.equal(pick(p, '>=1.0', { exactPin: false, allowPrereleases: true }), '2.1.dev3');
    });

    it('are used when nothing final satisfies the specifier', () => {
      assert.equal(pick(p, '>=1.5'), '2.1.dev3');
      assert.equal(pick(project(['0.1a1', '0.1b2']), ''), '0.1b2');
    });
  });

  describe('yanked releases (PEP 592)', () => {
    const p = project({ '1.0': [false], '1.1': [true, true], '1.2': [true, false], '2.0': [true] });

    it('are ignored by ranges; a release with one live file is not yanked', () => {
      assert.equal(pick(p, '>=1.0,<2'), '1.2');
      assert.equal(pick(p, '<1.2'), '1.0');
      assert.equal(pick(p, '>=1.0'), '1.2');
    });

    it('are used for an exact == / === pin', () => {
      assert.equal(pick(p, '==1.1'), '1.1');
      assert.equal(pick(p, '===2.0'), '2.0');
      assert.equal(pick(p, '2.0', { exactPin: true, allowPrereleases: false }), '2.0');
    });

    it('are used for a pin only when every matching release is yanked', () => {
      const local = project({ '2.0.0': [false], '2.0.0+cu118': [true] });
      assert.equal(pick(local, '==2.0.0'), '2.0.0');
    });

    it('still count when pip decides whether pre-releases are needed (a yanked final hides them, as in pip)', () => {
      assert.equal(pick(project({ '1.0': [true], '1.1b1': [false] }), '>=1.0'), null);
      assert.equal(pick(project({ '1.0': [true], '1.1b1': [false] }), '>=1.0', { exactPin: false, allowPrereleases: true }), '1.1b1');
    });

    it('are not used for a wildcard, and the reason says why', () => {
      assert.deepEqual(pickPypiVersion(p, '==2.*', range), {
        version: null,
        reason: "no release of Demo_Pkg satisfies '==2.*' (1 yanked release matches; pip ignores yanked releases unless pinned with ==)",
      });
    });
  });

  describe('local versions', () => {
    const p = project(['2.0.0', '2.0.0+cpu', '2.0.0+cu118', '2.1.0rc1']);

    it('== without a label matches local builds, and the highest wins (as pip does with PyTorch indexes)', () => {
      assert.equal(pick(p, '==2.0.0'), '2.0.0+cu118');
      assert.equal(pick(p, '<=2.0.0'), '2.0.0+cu118');
    });

    it('== with a label matches only that label; === matches the exact string', () => {
      assert.equal(pick(p, '==2.0.0+cpu'), '2.0.0+cpu');
      assert.equal(pick(p, '==2.0.0+rocm'), null);
      assert.equal(pick(p, '===2.0.0'), '2.0.0');
    });

    it('>V excludes local builds of V', () => {
      assert.equal(pick(p, '>2.0.0'), '2.1.0rc1');
    });
  });

  it('~= is a compatible-release range', () => {
    const p = project(['1.4.1', '1.4.2', '1.4.9', '1.5.0', '2.0']);
    assert.equal(pick(p, '~=1.4.2'), '1.4.9');
    assert.equal(pick(p, '~=1.4'), '1.5.0');
  });

  it('!= and wildcards', () => {
    const p = project(['1.4.9', '1.5.0', '1.5.3', '1.6.0', '2.0.0']);
    assert.equal(pick(p, '<2,!=1.6.0'), '1.5.3');
    assert.equal(pick(p, '<2,!=1.5.*,!=1.6.*'), '1.4.9');
    assert.equal(pick(p, '==1.5.*'), '1.5.3');
    assert.equal(pick(project(['1', '1.1']), '==1.0.*'), '1');
  });

  it('Poetry carets on 0.x arrive translated and stay below the next minor, pre-releases of it included', () => {
    const p = project(['0.2.2', '0.2.3', '0.2.9', '0.3.0rc1', '0.3.0']);
    assert.equal(pick(p, '>=0.2.3,<0.3.0'), '0.2.9');
    assert.equal(pick(p, '>=0.2.3,<0.3.0', { exactPin: false, allowPrereleases: true }), '0.2.9');
  });

  it('exclusive comparisons follow PEP 440 around pre- and post-releases', () => {
    assert.equal(pick(project(['1.0rc1', '1.0']), '>1.0rc1'), '1.0');
    assert.equal(pick(project(['1.0', '1.0.post1']), '>1.0'), null);
    assert.equal(pick(project(['0.9', '1.0rc1']), '<1.0', { exactPin: false, allowPrereleases: true }), '0.9');
  });

  it('orders epochs above plain versions', () => {
    assert.equal(pick(project(['2.0', '1!1.0']), '>=1.0'), '1!1.0');
  });

  it('ignores versions that are not PEP 440', () => {
    const p = project(['1.0', 'dev-master', '2004d', '1.5-custom']);
    assert.equal(pick(p, ''), '1.0');
    assert.equal(pick(p, '===dev-master'), null);
  });

  it('explains a specifier nothing satisfies, and an invalid one', () => {
    const p = project(['1.0']);
    assert.deepEqual(pickPypiVersion(p, '>=3.0', range), { version: null, reason: "no release of Demo_Pkg satisfies '>=3.0'" });
    assert.deepEqual(pickPypiVersion(p, '>=1.0+local', range), { version: null, reason: "'>=1.0+local' is not a valid PEP 440 version specifier" });
    assert.deepEqual(pickPypiVersion(project([]), '', range), { version: null, reason: 'Demo_Pkg has no installable releases' });
  });
});

describe('readPypiProject', () => {
  it('reads releases: all-files-yanked, lower-case sha256, release without files dropped', () => {
    const json = {
      info: { name: 'Flask_SQLAlchemy' },
      releases: {
        '3.0': [
          { yanked: true, digests: { sha256: 'A'.repeat(64) } },
          { yanked: false, digests: { sha256: 'b'.repeat(64) } },
        ],
        '3.1': [{ yanked: true, digests: { sha256: 'not-hex', md5: 'x' } }, 'junk'],
        '3.2': [],
        '3.3': 'not a list',
      },
    };
    const read = readPypiProject(json, 'flask-sqlalchemy');
    assert.ok(!('invalid' in read));
    assert.equal(read.name, 'Flask_SQLAlchemy');
    assert.deepEqual([...read.releases], [
      ['3.0', { yanked: false, sha256: ['a'.repeat(64), 'b'.repeat(64)] }],
      ['3.1', { yanked: true, sha256: [] }],
    ]);
  });

  it('compares the name PEP 503 normalised and refuses a foreign or hostile answer', () => {
    assert.ok(!('invalid' in readPypiProject({ info: { name: 'Zope.Interface' }, releases: {} }, 'zope-interface')));
    const invalid = (json: unknown): string => {
      const read = readPypiProject(json, 'demo');
      assert.ok('invalid' in read, JSON.stringify(json));
      return read.invalid;
    };
    assert.equal(invalid({ info: { name: 'other' }, releases: {} }), "the index answered for 'other' instead of 'demo'");
    invalid(null);
    invalid([]);
    invalid({ info: 'demo', releases: {} });
    invalid({ info: { name: 'demo' } });
    invalid({ info: { name: 'demo' }, releases: [] });
    assert.equal(invalid(JSON.parse('{"info":{"name":"demo"},"releases":{"__proto__":[]}}')), 'the index answer has a forbidden key');
  });
});
