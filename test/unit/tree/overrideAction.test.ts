/**
 * The override quick fix (features/overrideAction.ts) on a yarn Berry lockfile, with fake registry
 * answers: the parents' ranges come from the entry's header (every range that resolved to it), and
 * the newest approved version all of them allow goes into package.json's `resolutions`.
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
import { planTree, refreshSubtrees } from '../../../server/src/service/tree/treeCheck';

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
    const plan = planTree({ lockfile: 'file:///w/yarn.lock', tree, importer: '', direct: [express] });
    for (const p of plan.result.packages) {
      p.pending = false;
      p.status = p.name === 'minimist' ? 'uncertified' : 'approved';
      p.findings = p.name === 'minimist' ? [{ code: 'uncertified', severity: 'information', message: 'minimist 1.2.6: not certified by SIGMA' }] : [];
    }
    refreshSubtrees(plan);

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
  });
});
