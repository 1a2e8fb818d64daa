import assert from 'node:assert/strict';
import { lockfileCoversMember, orderLockfiles, workspaceGlobsOf } from '../../server/src/service/lockfileChoice';

const at = (kind: string, mtimeMs: number) => ({ path: `/p/${kind}`, kind, mtimeMs }) as Parameters<typeof orderLockfiles>[0][number];

describe('which lockfile pins package.json (docs/language-server.md)', () => {
  const present = [at('package-lock.json', 1), at('yarn.lock', 3), at('pnpm-lock.yaml', 2)];
  it('the packageManager field wins', () => {
    assert.equal(orderLockfiles(present, 'pnpm@9.15.9')[0].kind, 'pnpm-lock.yaml');
    assert.equal(orderLockfiles(present, 'npm@10.0.0+sha256.abc')[0].kind, 'package-lock.json');
  });
  it('else (or when it names an absent manager) the newest lockfile', () => {
    assert.equal(orderLockfiles(present, undefined)[0].kind, 'yarn.lock');
    assert.equal(orderLockfiles(present, 'bun@1.2.0')[0].kind, 'yarn.lock');
  });
  it("one manager's files keep the table's order (shrinkwrap before package-lock, bun.lock before bun.lockb)", () => {
    assert.deepEqual(orderLockfiles([at('npm-shrinkwrap.json', 1), at('package-lock.json', 9)], undefined).map((p) => p.kind), ['npm-shrinkwrap.json', 'package-lock.json']);
    assert.deepEqual(orderLockfiles([at('bun.lock', 1), at('bun.lockb', 9), at('yarn.lock', 2)], 'bun@1').map((p) => p.kind), ['bun.lock', 'bun.lockb', 'yarn.lock']);
  });
  it('a root lockfile covers a member the way its format names members', () => {
    assert.ok(lockfileCoversMember('pnpm-lock.yaml', "importers:\n\n  .:\n    {}\n  packages/app:\n", 'packages/app', undefined));
    assert.ok(!lockfileCoversMember('pnpm-lock.yaml', 'importers:\n  .:\n', 'packages/app', undefined));
    assert.ok(lockfileCoversMember('yarn.lock', '__metadata:\n  version: 8\n"app@workspace:packages/app":\n', 'packages/app', undefined));
    assert.ok(lockfileCoversMember('yarn.lock', '# yarn lockfile v1\n', 'packages/app', ['packages/*']));
    assert.ok(!lockfileCoversMember('yarn.lock', '# yarn lockfile v1\n', 'tools/app', ['packages/*']));
    assert.ok(lockfileCoversMember('bun.lock', '{"workspaces": {"packages/app": {}}}', 'packages/app', undefined));
    assert.deepEqual(workspaceGlobsOf({ workspaces: { packages: ['a/*'] } }), ['a/*']);
    assert.deepEqual(workspaceGlobsOf({ workspaces: ['./b/*/'] }), ['./b/*/']);
    assert.ok(lockfileCoversMember('bun.lockb', '', 'b/x', ['./b/*/']));
  });
});
