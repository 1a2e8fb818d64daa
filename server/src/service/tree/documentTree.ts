/**
 * The tree step of an open manifest's check (docs/tree.md): plan the tree of the lockfile that pins
 * it, hand the plan over at once (every package pending), then look every package up in one batch.
 * Another document sharing packages costs no second request: the trust service's cache and its
 * in-flight sharing answer it. An edit that changes neither the lockfile nor any direct result
 * reuses the finished tree without asking anything.
 */
import type { SigmaSettings } from '../settings';
import type { ManifestCheck } from '../checker';
import { directKey, knownFacts, planTree, type ManifestTree, type TreeCheckOptions, type TreePlan } from './treeCheck';
import type { DependencyTree } from './types';

/** What a document's tree was checked from. */
export interface TreeSource {
  tree: DependencyTree;
  direct: string;
  result: ManifestTree;
}

export interface DocumentTreeDeps {
  checkTrees(plans: readonly TreePlan[], options: TreeCheckOptions): Promise<void>;
}

export interface DocumentTreeRequest {
  tree: DependencyTree;
  /** The lockfile's URI: related information points at its entries. */
  lockfileUri: string;
  /** The manifest's folder relative to the lockfile's (posix), `''` when they share one. */
  importer: string;
  check: ManifestCheck;
  settings: SigmaSettings;
  signal: AbortSignal;
  previous?: TreeSource;
  /** The plan, every package pending (or the previous result when it is reused). */
  onPlanned(tree: ManifestTree): void;
  /** Some packages got their results. */
  onUpdate(): void;
}

/** What makes a tree's result differ: each direct dependency's name, version, status and suppression. */
function directSignature(check: ManifestCheck): string {
  return JSON.stringify(check.dependencies.map((d) => [d.dependency.name, directKey(d) ?? '', d.status, d.suppression?.state ?? '']));
}

export async function checkDocumentTree(deps: DocumentTreeDeps, req: DocumentTreeRequest): Promise<TreeSource> {
  const direct = directSignature(req.check);
  const { previous } = req;
  // The finder hands out one tree object per lockfile version: the same object is the same file.
  if (previous && previous.tree === req.tree && previous.direct === direct && previous.result.complete) {
    req.onPlanned(previous.result);
    return previous;
  }
  const plan = planTree({ lockfile: req.lockfileUri, tree: req.tree, importer: req.importer, direct: req.check.dependencies });
  req.onPlanned(plan.result);
  await deps.checkTrees([plan], { settings: req.settings, signal: req.signal, known: knownFacts(req.check.dependencies), onUpdate: () => req.onUpdate() });
  return { tree: req.tree, direct, result: plan.result };
}
