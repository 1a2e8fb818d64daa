/**
 * The whole-tree check (docs/tree.md) against the local registry: the npm-app fixture
 * (test/fixtures/tree/npm-app) holds a rejected package three levels below `express`, an
 * uncertified one with a critical npm advisory, a sha256 pin that differs from what SIGMA reviewed,
 * and a direct dependency that is also in the tree.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { SigmaSettings } from '../../../server/src/service/settings';
import { createNodeRuntime, type NodeRuntime } from '../../../server/src/node/runtime';
import { createSigmaService, type SigmaService } from '../../../server/src/service';
import type { ManifestCheck } from '../../../server/src/service/checker';
import { parseManifest, parseLockfile } from '../../../server/src/service/parse';
import { normalizeSettings } from '../../../server/src/service/settings';
import { TreeBuilder } from '../../../server/src/service/tree/builder';
import { parseLockfileTree } from '../../../server/src/service/parse/lockfileTree';
import { knownFacts, needsAttention, planTree, type TreePlan } from '../../../server/src/service/tree/treeCheck';
import type { DependencyTree } from '../../../server/src/service/tree/types';
import type { LocalRegistry } from '../../registry/index';
import { useFixtureRegistry } from '../registry/fixtureRegistry';

const APP = path.resolve(__dirname, '../../fixtures/tree/npm-app');

function read(file: string): string {
  return fs.readFileSync(path.join(APP, file), 'utf8');
}

describe('tree check (service/tree/treeCheck)', function () {
  let registry: LocalRegistry;
  let runtime: NodeRuntime;
  let engine: SigmaService;
  let settings: SigmaSettings;
  useFixtureRegistry((r) => (registry = r));

  beforeEach(() => {
    settings = normalizeSettings({ apiUrl: registry.url, npmRegistryUrl: registry.url, pypiUrl: registry.url });
    runtime = createNodeRuntime({ settings });
    engine = createSigmaService(runtime, settings);
  });
  afterEach(() => runtime.close());

  const tree = (): DependencyTree => {
    const text = read('package-lock.json');
    return parseLockfileTree('package-lock.json', text, parseLockfile('package-lock.json', text)).tree;
  };

  async function direct(): Promise<ManifestCheck> {
    const parsed = parseManifest('package.json', read('package.json'));
    const lockfile = parseLockfile('package-lock.json', read('package-lock.json'));
    return engine.check({ uri: 'file:///app/package.json', parsed, lockfile: { path: '/app/package-lock.json', lockfile, importer: '' } }, { settings }).done;
  }

  const requests = (endpoint: string): string[] => registry.requests.filter((r) => r.endpoint === endpoint).map((r) => `${r.package ?? ''}@${r.version ?? ''}`);

  it('checks every tree package, leaves the direct ones to the manifest, and traces each to the direct dependency that brings it in', async () => {
    const check = await direct();
    const plan = planTree({ lockfile: 'package-lock.json', tree: tree(), importer: '', direct: check.dependencies });
    await engine.checkTrees([plan], { settings });
    const byName = new Map(plan.result.packages.map((p) => [p.name, p]));
    assert.deepEqual([...byName.keys()].sort(), ['debug', 'finalhandler', 'left-pad', 'minimist', 'ms'], 'lodash is a direct dependency at the same version: reported there');
    assert.equal(plan.result.complete, true);
    const leftPad = byName.get('left-pad')!;
    assert.equal(leftPad.status, 'rejected');
    assert.deepEqual(leftPad.via, [['express', 'finalhandler', 'debug', 'left-pad']]);
    assert.deepEqual(leftPad.lockfileRange.start.line, read('package-lock.json').split('\n').findIndex((l) => l.includes('"node_modules/left-pad"')));
    assert.equal(leftPad.dependency.section, 'tree');
    assert.deepEqual(leftPad.findings.map((f) => [f.code, f.severity]), [['rejected', 'error'], ['security-level', 'warning'], ['retained-warning', 'warning'], ['retained-warning', 'warning']]);
    assert.equal(byName.get('finalhandler')!.status, 'uncertified');
    assert.equal(byName.get('debug')!.status, 'approved');
    assert.equal(byName.get('debug')!.dev, false);
    const express = plan.result.subtrees[check.dependencies.findIndex((d) => d.dependency.name === 'express')]!;
    assert.deepEqual(express.counts, { packages: 6, approved: 3, conditional: 0, rejected: 1, uncertified: 2, unresolved: 0, skipped: 0, errors: 0 });
    assert.deepEqual(
      express.entries.filter((e) => needsAttention(e.entry)).map((e) => [e.entry.dependency.name, e.paths[0].join(' → ')]),
      [['finalhandler', 'finalhandler'], ['minimist', 'finalhandler → minimist'], ['left-pad', 'finalhandler → debug → left-pad'], ['ms', 'finalhandler → debug → ms']],
    );
    const lodash = plan.result.subtrees[check.dependencies.findIndex((d) => d.dependency.name === 'lodash')]!;
    assert.deepEqual(lodash.counts.packages, 0);
  });

  it("a lockfile's sha256 that differs from the reviewed distribution is an integrity-mismatch on the tree package", async () => {
    const check = await direct();
    const plan = planTree({ lockfile: 'package-lock.json', tree: tree(), importer: '', direct: check.dependencies });
    await engine.checkTrees([plan], { settings });
    const ms = plan.result.packages.find((p) => p.name === 'ms')!;
    assert.equal(ms.status, 'approved');
    assert.deepEqual(ms.findings.map((f) => f.code), ['integrity-mismatch']);
    assert.ok(needsAttention(ms));
  });

  it('npm advisories for the whole tree in one bulk POST, each name@version asked once however many manifests share it', async () => {
    const check = await direct();
    registry.clearLog();
    const plans: TreePlan[] = [1, 2, 3].map(() => planTree({ lockfile: 'package-lock.json', tree: tree(), importer: '', direct: check.dependencies }));
    await engine.checkTrees(plans, { settings, known: knownFacts(check.dependencies) });
    assert.deepEqual(requests('certificate').sort(), ['debug@4.3.4', 'finalhandler@1.2.0', 'left-pad@1.3.0', 'minimist@1.2.5', 'ms@2.1.3']);
    assert.equal(requests('npmBulk').length, 1);
    const minimist = plans[2].result.packages.find((p) => p.name === 'minimist')!;
    assert.deepEqual(minimist.findings.map((f) => [f.code, f.severity]), [['uncertified', 'information'], ['advisory', 'error']]);
  });

  it("a version some manifest's direct dependency already answered for is not asked again", async () => {
    const check = await direct();
    const debugTree = new TreeBuilder('package-lock.json', '{}', 'npm');
    const root = debugTree.addNode('express', '4.19.2', { start: 0, end: 0 });
    debugTree.direct('', 'express', root);
    debugTree.addEdge(root, debugTree.addNode('lodash', '4.17.21', { start: 0, end: 0 }));
    registry.clearLog();
    const plan = planTree({ lockfile: 'other/package-lock.json', tree: debugTree.build(), importer: '', direct: [] });
    await engine.checkTrees([plan], { settings, known: knownFacts(check.dependencies) });
    assert.deepEqual(plan.result.packages.map((p) => [p.name, p.status]), [['express', 'approved'], ['lodash', 'approved']]);
    assert.deepEqual(registry.requests, []);
  });

  it('one package installed in several places is one tree package; a lockfile without edges gives no paths and no subtree', async () => {
    const b = new TreeBuilder('pylock.toml', 'x', 'pypi');
    b.addNode('requests', '2.31.0', { start: 0, end: 1 });
    b.addNode('requests', '2.31.0', { start: 0, end: 1 });
    b.addNode('pyyaml', '6.0.1', { start: 0, end: 1 });
    const plan = planTree({ lockfile: 'pylock.toml', tree: b.build(false), importer: '', direct: [] });
    assert.deepEqual(plan.result.packages.map((p) => [p.name, p.via]), [['requests', []], ['pyyaml', []]]);
    await engine.checkTrees([plan], { settings });
    assert.deepEqual(plan.result.packages.map((p) => p.status), ['approved', 'rejected']);
  });

  it('a sigma.ignore entry hides a tree package\'s findings, and it no longer needs attention', async () => {
    const check = await direct();
    const ignoring = normalizeSettings({ ...settings, ignore: [{ package: 'npm:left-pad@1.3.0', reason: 'vendored fork', until: '2999-01-01' }] });
    const plan = planTree({ lockfile: 'package-lock.json', tree: tree(), importer: '', direct: check.dependencies });
    await engine.checkTrees([plan], { settings: ignoring });
    const leftPad = plan.result.packages.find((p) => p.name === 'left-pad')!;
    assert.equal(leftPad.status, 'rejected');
    assert.deepEqual(leftPad.findings, []);
    assert.equal(leftPad.suppression?.state, 'active');
    assert.equal(needsAttention(leftPad), false);
  });
});
