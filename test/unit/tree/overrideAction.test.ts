/**
 * The override quick fix (features/overrideAction.ts) on a yarn Berry lockfile, with fake registry
 * answers: the parents' ranges come from the entry's header (every range that resolved to it), and
 * the newest approved version all of them allow goes into package.json's `resolutions`. On
 * pnpm-lock.yaml, the parents' ranges are what their locked versions declare on the registry, and
 * the override goes where the project's pnpm reads it (package.json or pnpm-workspace.yaml).
 */
import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic } from 'vscode-languageserver-types';
import type { TrustServiceLike } from '../../../server/src/service/checker';
import { overrideActions } from '../../../server/src/service/features/overrideAction';
import type { CheckedDependency, TrustFacts } from '../../../server/src/service/model';
import { parseLockfileTree } from '../../../server/src/service/parse/lockfileTree';
import type { VersionSource } from '../../../server/src/service/resolve/versionSource';
import { normalizeSettings } from '../../../server/src/service/settings';
import { planTree, refreshSubtrees, type TreePlan } from '../../../server/src/service/tree/treeCheck';
import type { DependencyTree } from '../../../server/src/service/tree/types';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const YARN_LOCK = `__metadata:
  version: 8
  cacheKey: 10c0

"app@workspace:.":
  version: 0.0.0-use.local
  resolution: "app@workspace:."
  dependencies:
    express: "npm:^4.19.2"
  languageName: unknown
  linkType: soft

"body-parser@npm:1.20.2":
  version: 1.20.2
  resolution: "body-parser@npm:1.20.2"
  dependencies:
    minimist: "npm:~1.2.6"
  checksum: 10c0/aa
  languageName: node
  linkType: hard

"express@npm:^4.19.2":
  version: 4.19.2
  resolution: "express@npm:4.19.2"
  dependencies:
    body-parser: "npm:1.20.2"
    minimist: "npm:^1.2.5"
  checksum: 10c0/bb
  languageName: node
  linkType: hard

"minimist@npm:^1.2.5, minimist@npm:~1.2.6":
  version: 1.2.6
  resolution: "minimist@npm:1.2.6"
  checksum: 10c0/cc
  languageName: node
  linkType: hard
`;

const MANIFEST = `{
  "name": "app",
  "dependencies": {
    "express": "^4.19.2"
  }
}
`;

const RANGE = { start: { line: 3, character: 4 }, end: { line: 3, character: 25 } };

/** The tree's plan with every package answered: minimist uncertified, everything else approved. */
function answeredPlan(lockfile: string, tree: DependencyTree, direct: CheckedDependency): TreePlan {
  const plan = planTree({ lockfile, tree, importer: '', direct: [direct] });
  for (const p of plan.result.packages) {
    p.pending = false;
    p.status = p.name === 'minimist' ? 'uncertified' : 'approved';
    p.findings = p.name === 'minimist' ? [{ code: 'uncertified', severity: 'information', message: `minimist ${p.version}: not certified by SIGMA` }] : [];
  }
  refreshSubtrees(plan);
  return plan;
}

describe('override quick fix (features/overrideAction.ts)', () => {
  it('yarn: the ranges in the entry header bound the version; the newest approved one goes into resolutions', async () => {
    const { tree, errors } = parseLockfileTree('yarn.lock', YARN_LOCK);
    assert.deepEqual(errors, []);
    const express: CheckedDependency = {
      dependency: { registry: 'npm', name: 'express', normalizedName: 'express', specifier: '^4.19.2', kind: 'range', constraint: '^4.19.2', section: 'dependencies', range: RANGE },
      resolution: { version: '4.19.2', resolvedFrom: 'lockfile', hashes: [] },
      status: 'approved',
      facts: null,
      findings: [],
    };
    const plan = answeredPlan('file:///w/yarn.lock', tree, express);

    const asked: string[] = [];
    const versions = {
      npmPackument: (_url: string, name: string) =>
        Promise.resolve({ value: { name, distTags: { latest: '1.2.8' }, versions: new Map(['1.2.5', '1.2.6', '1.2.7', '1.2.8', '1.3.0'].map((v) => [v, {}])) }, freshness: 'live' as const, fetchedAt: 0 }),
    } as unknown as VersionSource;
    const trust: TrustServiceLike = {
      checkVersions: (items) => {
        asked.push(...items.map((i) => i.version));
        return Promise.resolve(new Map(items.map((i) => [`npm:${i.name}@${i.version}`, { status: i.version === '1.2.8' || i.version === '1.3.0' ? 'approved' : 'uncertified', advisories: [] } as unknown as TrustFacts])));
      },
    };
    const doc = TextDocument.create('file:///w/package.json', 'json', 1, MANIFEST);
    const diagnostic: Diagnostic = { range: RANGE, message: 'express 4.19.2 brings in …', code: 'transitive', source: 'sigma' };
    const actions = await overrideActions(
      { versions, trust },
      { doc, direct: express, tree: plan.result, lockText: YARN_LOCK, diagnostic, settings: normalizeSettings({}), signal: new AbortController().signal },
    );
    assert.deepEqual(
      actions.map((a) => a.title),
      ["Override minimist 1.2.6 → 1.2.8 (yarn resolutions: the newest SIGMA-approved version every parent's range allows)"],
    );
    // 1.3.0 is approved but outside ~1.2.6; 1.2.8 is the newest both ^1.2.5 and ~1.2.6 allow.
    assert.ok(!asked.includes('1.3.0'), asked.join());
    const edits = actions[0].edit!.changes![doc.uri];
    assert.equal(TextDocument.applyEdits(doc, edits), MANIFEST.replace('  }\n}\n', '  },\n  "resolutions": {\n    "minimist": "1.2.8"\n  }\n}\n'));
    // yarn (like npm) reads resolutions only in the workspace root's package.json: none for a member.
    const member = await overrideActions(
      { versions, trust },
      { doc, direct: express, tree: { ...plan.result, importer: 'packages/app' }, lockText: YARN_LOCK, diagnostic, settings: normalizeSettings({}), signal: new AbortController().signal },
    );
    assert.deepEqual(member, []);
  });

  describe('pnpm: where the override goes (docs/tree.md, "Where pnpm\'s override goes")', () => {
    const LOCK = readFileSync(join(__dirname, '..', '..', 'fixtures', 'tree', 'pnpm-app', 'pnpm-lock.yaml'), 'utf8');
    // The same tree as pnpm 8 writes it (v6: dependencies under the root, packages keyed `/name@version`).
    const LOCK_V6 = [
      "lockfileVersion: '6.0'",
      '',
      'dependencies:',
      '  express:',
      '    specifier: ^4.19.2',
      '    version: 4.19.2',
      '',
      'packages:',
      '',
      '  /express@4.19.2:',
      '    resolution: {integrity: sha512-AAAA}',
      '    dependencies:',
      '      finalhandler: 1.2.0',
      '    dev: false',
      '',
      '  /finalhandler@1.2.0:',
      '    resolution: {integrity: sha512-BBBB}',
      '    dependencies:',
      '      minimist: 1.2.5',
      '    dev: false',
      '',
      '  /minimist@1.2.5:',
      '    resolution: {integrity: sha512-CCCC}',
      '    dev: false',
      '',
    ].join('\n');
    const WORKSPACE = { uri: 'file:///w/pnpm-workspace.yaml', text: "packages:\n  - '.'\n" };
    const expressDep: CheckedDependency = {
      dependency: { registry: 'npm', name: 'express', normalizedName: 'express', specifier: '^4.19.2', kind: 'range', constraint: '^4.19.2', section: 'dependencies', range: RANGE },
      resolution: { version: '4.19.2', resolvedFrom: 'lockfile', hashes: [] },
      status: 'approved',
      facts: null,
      findings: [],
    };
    const versions = {
      npmDeclared: (_url: string, name: string) => Promise.resolve({ value: name === 'finalhandler' ? { debug: '^4.3.4', minimist: '^1.2.5' } : {}, freshness: 'live' as const, fetchedAt: 0 }),
      npmPackument: (_url: string, name: string) =>
        Promise.resolve({ value: { name, distTags: { latest: '1.2.8' }, versions: new Map(['1.2.5', '1.2.6', '1.2.8', '2.0.0'].map((v) => [v, {}])) }, freshness: 'live' as const, fetchedAt: 0 }),
    } as unknown as VersionSource;
    const trust: TrustServiceLike = {
      checkVersions: (items) => Promise.resolve(new Map(items.map((i) => [`npm:${i.name}@${i.version}`, { status: i.version === '1.2.8' || i.version === '2.0.0' ? 'approved' : 'uncertified', advisories: [] } as unknown as TrustFacts]))),
    };

    async function overrideFor(manifest: string, opts: { importer?: string; workspace?: boolean; lock?: string } = {}) {
      const { tree } = parseLockfileTree('pnpm-lock.yaml', opts.lock ?? LOCK);
      const plan = answeredPlan('file:///w/pnpm-lock.yaml', tree, expressDep);
      const doc = TextDocument.create('file:///w/package.json', 'json', 1, manifest);
      const diagnostic: Diagnostic = { range: RANGE, message: 'express 4.19.2 brings in …', code: 'transitive', source: 'sigma' };
      const actions = await overrideActions(
        { versions, trust },
        { doc, direct: expressDep, tree: { ...plan.result, importer: opts.importer ?? '' }, lockText: opts.lock ?? LOCK, pnpmWorkspace: opts.workspace ? WORKSPACE : undefined, diagnostic, settings: normalizeSettings({}), signal: new AbortController().signal },
      );
      return actions.map((a) => ({ title: a.title, files: Object.keys(a.edit!.changes!) }));
    }

    it('pnpm-workspace.yaml beside the lockfile: there; 2.0.0 is approved but outside finalhandler 1.2.0\'s ^1.2.5', async () => {
      assert.deepEqual(await overrideFor(MANIFEST, { workspace: true }), [
        { title: "Override minimist 1.2.5 → 1.2.8 (pnpm-workspace.yaml overrides: the newest SIGMA-approved version every parent's range allows)", files: [WORKSPACE.uri] },
      ]);
    });

    it('package.json when it already keeps pnpm.overrides, when packageManager names pnpm < 10, or for a v6 lockfile (pnpm 8), even beside pnpm-workspace.yaml', async () => {
      const inManifest = [{ title: "Override minimist 1.2.5 → 1.2.8 (pnpm.overrides: the newest SIGMA-approved version every parent's range allows)", files: ['file:///w/package.json'] }];
      assert.deepEqual(await overrideFor(MANIFEST.replace('{\n', '{\n  "pnpm": { "overrides": { "qs": "6.11.0" } },\n'), { workspace: true }), inManifest);
      assert.deepEqual(await overrideFor(MANIFEST.replace('{\n', '{\n  "packageManager": "pnpm@9.15.9",\n'), { workspace: true }), inManifest);
      assert.deepEqual(await overrideFor(MANIFEST, { workspace: true, lock: LOCK_V6 }), inManifest);
      assert.deepEqual(await overrideFor(MANIFEST.replace('{\n', '{\n  "packageManager": "pnpm@10.4.0",\n'), { workspace: false }), inManifest, 'no workspace file: package.json');
    });

    it('a workspace member\'s manifest: none (pnpm reads overrides only at the root)', async () => {
      assert.deepEqual(await overrideFor(MANIFEST, { importer: 'packages/app', workspace: true }), []);
    });
  });
});
