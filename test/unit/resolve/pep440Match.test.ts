import assert from 'node:assert/strict';
import { satisfies } from '@renovatebot/pep440';
import { isPinned, matchesAll, namesPrerelease, normalizePep440Version, parseSpecifierSet } from '../../../server/src/service/resolve/pep440Match';

const VERSIONS = ["1", "1.0", "1.0rc1", "1.0rc1+x", "1.0rc2+x", "1.0.post1", "1.0.post1.dev1", "1.0a1.post2", "1.0+a", "1.0.0", "1.0.5", "1.1", "1.4.2", "1.4.9", "1.5.0", "1.5.3", "2.0b2", "2.0.0", "2.0.0+cu118", "2.2rc1", "2.9", "3.0", "0.2.9", "0.3.0rc1", "0.3.0", "1!1.0", "1.0.dev1", "1.0.dev6"];

/** Which of VERSIONS each specifier set matches (pre-releases admitted), as computed by Python's packaging 26.2. */
const PACKAGING: [string, string[]][] = [
  [">=2.0b1,<3", ["2.0b2", "2.0.0", "2.0.0+cu118", "2.2rc1", "2.9"]],
  [">1.0rc1", ["1", "1.0", "1.0rc2+x", "1.0.post1", "1.0.post1.dev1", "1.0+a", "1.0.0", "1.0.5", "1.1", "1.4.2", "1.4.9", "1.5.0", "1.5.3", "2.0b2", "2.0.0", "2.0.0+cu118", "2.2rc1", "2.9", "3.0", "1!1.0"]],
  ["<1.0rc2", ["1.0rc1", "1.0rc1+x", "1.0a1.post2", "0.2.9", "0.3.0rc1", "0.3.0", "1.0.dev1", "1.0.dev6"]],
  ["==1.0.*", ["1", "1.0", "1.0rc1", "1.0rc1+x", "1.0rc2+x", "1.0.post1", "1.0.post1.dev1", "1.0a1.post2", "1.0+a", "1.0.0", "1.0.5", "1.0.dev1", "1.0.dev6"]],
  ["==1.0+a", ["1.0+a"]],
  ["===1.0", ["1.0"]],
  ["==1.0", ["1", "1.0", "1.0+a", "1.0.0"]],
  ["<=2.0.0", ["1", "1.0", "1.0rc1", "1.0rc1+x", "1.0rc2+x", "1.0.post1", "1.0.post1.dev1", "1.0a1.post2", "1.0+a", "1.0.0", "1.0.5", "1.1", "1.4.2", "1.4.9", "1.5.0", "1.5.3", "2.0b2", "2.0.0", "2.0.0+cu118", "0.2.9", "0.3.0rc1", "0.3.0", "1.0.dev1", "1.0.dev6"]],
  [">2.0.0", ["2.2rc1", "2.9", "3.0", "1!1.0"]],
  ["~=1.4.2", ["1.4.2", "1.4.9"]],
  ["~=1.4", ["1.4.2", "1.4.9", "1.5.0", "1.5.3"]],
  ["!=1.5.*", ["1", "1.0", "1.0rc1", "1.0rc1+x", "1.0rc2+x", "1.0.post1", "1.0.post1.dev1", "1.0a1.post2", "1.0+a", "1.0.0", "1.0.5", "1.1", "1.4.2", "1.4.9", "2.0b2", "2.0.0", "2.0.0+cu118", "2.2rc1", "2.9", "3.0", "0.2.9", "0.3.0rc1", "0.3.0", "1!1.0", "1.0.dev1", "1.0.dev6"]],
  ["!=1.5.0", ["1", "1.0", "1.0rc1", "1.0rc1+x", "1.0rc2+x", "1.0.post1", "1.0.post1.dev1", "1.0a1.post2", "1.0+a", "1.0.0", "1.0.5", "1.1", "1.4.2", "1.4.9", "1.5.3", "2.0b2", "2.0.0", "2.0.0+cu118", "2.2rc1", "2.9", "3.0", "0.2.9", "0.3.0rc1", "0.3.0", "1!1.0", "1.0.dev1", "1.0.dev6"]],
  [">=0.2.3,<0.3.0", ["0.2.9"]],
  [">1.0", ["1.0.5", "1.1", "1.4.2", "1.4.9", "1.5.0", "1.5.3", "2.0b2", "2.0.0", "2.0.0+cu118", "2.2rc1", "2.9", "3.0", "1!1.0"]],
  ["<1.0.post1", ["1", "1.0", "1.0rc1", "1.0rc1+x", "1.0rc2+x", "1.0a1.post2", "1.0+a", "1.0.0", "0.2.9", "0.3.0rc1", "0.3.0", "1.0.dev1", "1.0.dev6"]],
  [">1.0a1", ["1", "1.0", "1.0rc1", "1.0rc1+x", "1.0rc2+x", "1.0.post1", "1.0.post1.dev1", "1.0+a", "1.0.0", "1.0.5", "1.1", "1.4.2", "1.4.9", "1.5.0", "1.5.3", "2.0b2", "2.0.0", "2.0.0+cu118", "2.2rc1", "2.9", "3.0", "1!1.0"]],
  [">1.0a1.post1", ["1", "1.0", "1.0rc1", "1.0rc1+x", "1.0rc2+x", "1.0.post1", "1.0.post1.dev1", "1.0a1.post2", "1.0+a", "1.0.0", "1.0.5", "1.1", "1.4.2", "1.4.9", "1.5.0", "1.5.3", "2.0b2", "2.0.0", "2.0.0+cu118", "2.2rc1", "2.9", "3.0", "1!1.0"]],
  ["~=2.2rc1", ["2.2rc1", "2.9"]],
  ["==1!1.*", ["1!1.0"]],
  ["<1.0.dev5", ["0.2.9", "0.3.0rc1", "0.3.0", "1.0.dev1"]],
];

function matching(specifier: string): string[] {
  const clauses = parseSpecifierSet(specifier);
  assert.ok(clauses, specifier);
  return VERSIONS.filter((v) => matchesAll(clauses, v));
}

describe('pep440Match', () => {
  for (const [specifier, expected] of PACKAGING) {
    it(`${specifier} matches what packaging matches`, () => {
      assert.deepEqual(matching(specifier), expected);
    });
  }

  it('differs from @renovatebot/pep440 satisfies() where that library is wrong (the reason this module exists)', () => {
    assert.equal(satisfies('2.0b2', '>=2.0b1,<3'), false);
    assert.equal(satisfies('1.0', '>1.0rc1'), false);
    assert.equal(satisfies('1.0+b', '==1.0+a'), true);
    assert.equal(satisfies('1.0+a', '===1.0'), true);
    assert.equal(satisfies('1', '==1.0.*'), false);
    assert.equal(satisfies('1!1.0', '>1.0', { prereleases: true }), false);
    assert.deepEqual(matching('>=2.0b1,<3').includes('2.0b2'), true);
  });

  it('refuses what PEP 440 forbids', () => {
    for (const bad of ['>=1.0+local', '~=1', '>=1.*', '==1.0a1.*', '==1.*.0', '1.0', '>=', '>=1.0,', '=>1.0', '==not a version', '>=1.0;']) {
      assert.equal(parseSpecifierSet(bad), null, bad);
    }
    assert.deepEqual(parseSpecifierSet(''), []);
    assert.deepEqual(parseSpecifierSet(' >= 1.0 , < 2 ')?.map((c) => `${c.operator}${c.version}`), ['>=1.0', '<2']);
    assert.equal(parseSpecifierSet('===anything-goes')?.[0]?.parsed, null);
  });

  it('knows when a set names a pre-release (never through !=)', () => {
    const names = (s: string): boolean => namesPrerelease(parseSpecifierSet(s)!);
    assert.equal(names('>=2.0b1'), true);
    assert.equal(names('<2.0a5'), true);
    assert.equal(names('>=1.0,<2.0.dev1'), true);
    assert.equal(names('!=2.0b1'), false);
    assert.equal(names('>=1.0,!=2.0b1'), false);
    assert.equal(names('==1.*'), false);
    assert.equal(names('===foo'), false);
  });

  it('knows a pin: one == without wildcard, or ===', () => {
    const pinned = (s: string): boolean => isPinned(parseSpecifierSet(s)!);
    assert.equal(pinned('==1.1'), true);
    assert.equal(pinned('===1.1'), true);
    assert.equal(pinned('==1.*'), false);
    assert.equal(pinned('==1.1,!=1.2'), false);
    assert.equal(pinned('>=1.1'), false);
  });

  it('normalises versions, local labels included', () => {
    assert.equal(normalizePep440Version('1.0.0RC1'), '1.0.0rc1');
    assert.equal(normalizePep440Version('V1.0+ABC-1'), '1.0+abc.1');
    assert.equal(normalizePep440Version('1.0-1'), '1.0.post1');
    assert.equal(normalizePep440Version('not a version'), null);
  });
});
