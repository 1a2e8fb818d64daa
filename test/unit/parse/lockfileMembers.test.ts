/**
 * A workspace member's reading of a lockfile made from another member's reading
 * (parse/lockfileMembers.ts) must equal parsing the file again for that member: the same pins (names,
 * versions, digests, ranges) and the same tree, for every format that is not read again.
 */
import { strict as assert } from 'node:assert';
import type { LockfileKind, ParsedLockfile } from '../../../server/src/service/model';
import { parseLockfile } from '../../../server/src/service/parse';
import { lockfileForMember } from '../../../server/src/service/parse/lockfileMembers';
import { fixture, treeView } from '../tree/treeFixtures';

/** Everything a consumer of a reading sees. */
function readingView(parsed: ParsedLockfile): unknown {
  return {
    kind: parsed.kind,
    packages: [...parsed.packages].map(([key, p]) => [key, p.registry, p.name, p.version, p.integrity, [...p.hashes], p.range]),
    variants: parsed.variants && [...parsed.variants].map(([key, list]) => [key, list.map((p) => `${p.name}@${p.version}`)]),
    links: parsed.links && [...parsed.links],
    errors: parsed.errors,
    tree: parsed.tree && treeView({ tree: parsed.tree, errors: [] }),
  };
}

const WORKSPACES: [string, string, LockfileKind][] = [
  ['pnpm-v9', 'pnpm-lock.yaml', 'pnpm-lock.yaml'],
  ['pnpm-v6', 'pnpm-lock.yaml', 'pnpm-lock.yaml'],
  ['yarn-v1', 'yarn.lock', 'yarn.lock'],
  ['yarn-berry', 'yarn.lock', 'yarn.lock'],
  ['bun', 'bun.lock', 'bun.lock'],
  ['pipenv', 'Pipfile.lock', 'Pipfile.lock'],
  ['poetry-1.3', 'poetry.lock', 'poetry.lock'],
];

/** The root, the fixtures' one member, the same member written differently, and a folder that is no member. */
const MEMBERS = [undefined, '', 'packages/app', './packages/app/', 'packages/none'];

describe('a workspace member reading another member’s reading of the lockfile (lockfileMembers.ts)', () => {
  for (const [folder, file, kind] of WORKSPACES) {
    it(`${folder}/${file}: equals parsing it again, for every pair of members`, () => {
      const text = fixture(folder, file);
      for (const first of MEMBERS) {
        const read = parseLockfile(kind, text, first);
        for (const member of MEMBERS) {
          const derived = lockfileForMember(kind, text, read, member);
          assert.ok(derived, `${folder}: ${String(first)} → ${String(member)} must not need a second reading`);
          assert.deepEqual(readingView(derived), readingView(parseLockfile(kind, text, member)), `${folder}: read for ${String(first)}, asked for ${String(member)}`);
        }
      }
    });
  }

  it('the member matters in these fixtures: the root and packages/app have different pins', () => {
    // Without this, returning the first reading unchanged would pass the test above.
    for (const [folder, file, kind] of WORKSPACES.filter(([, , k]) => k !== 'Pipfile.lock' && k !== 'poetry.lock')) {
      const text = fixture(folder, file);
      const root = [...parseLockfile(kind, text, '').packages.keys()].sort();
      const app = [...parseLockfile(kind, text, 'packages/app').packages.keys()].sort();
      if (folder === 'yarn-v1') assert.deepEqual(app, root, 'yarn classic records no importers: every member gets every descriptor');
      else assert.notDeepEqual(app, root, folder);
    }
  });

  it('package-lock.json is read again: its pins pass reads only the member’s entries', () => {
    const text = fixture('npm-v3', 'package-lock.json');
    assert.equal(lockfileForMember('package-lock.json', text, parseLockfile('package-lock.json', text, ''), 'packages/app'), undefined);
  });
});
