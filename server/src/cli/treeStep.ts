/**
 * The whole-tree step of `sigma-trust check` (docs/tree.md): after every manifest's direct
 * dependencies have their results, each manifest's lockfile tree is planned and every distinct
 * package of the workspace is looked up once, in one batch. Packages a direct dependency of any
 * manifest already answered for are not asked again.
 */
import * as path from 'node:path';
import type { PreparedManifest, SigmaService } from '../service';
import type { SigmaSettings } from '../service/settings';
import { knownFacts, planTree, type TreePlan } from '../service/tree/treeCheck';
import type { ManifestResult } from './report/reportModel';

export interface TreeStepOptions {
  service: SigmaService;
  settings: SigmaSettings;
  offline: boolean;
  cwd: string;
}

function relativePosix(cwd: string, file: string): string {
  const rel = path.relative(cwd, file);
  return (rel.startsWith('..') || path.isAbsolute(rel) ? file : rel).split(path.sep).join('/');
}

/** Adds `tree` to every result whose manifest a lockfile pins (null for the others). */
export async function addTrees(results: Array<{ result: ManifestResult; manifest: PreparedManifest }>, opts: TreeStepOptions): Promise<void> {
  const plans: TreePlan[] = [];
  for (const { result, manifest } of results) {
    const lock = manifest.lockfile;
    const tree = await opts.service.lockfileTree(manifest);
    if (!lock || !tree) {
      result.tree = null;
      continue;
    }
    const plan = planTree({ lockfile: relativePosix(opts.cwd, lock.path), tree, importer: lock.importer, direct: result.check.dependencies });
    result.tree = plan.result;
    plans.push(plan);
  }
  if (plans.length === 0) return;
  const known = knownFacts(results.flatMap(({ result }) => result.check.dependencies));
  await opts.service.checkTrees(plans, { settings: opts.settings, offline: opts.offline, known });
}
