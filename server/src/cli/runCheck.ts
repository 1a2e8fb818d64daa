/**
 * `sigma-trust check`: the same pipeline as the language server, driven over files on disk.
 * Requirements includes are followed (each included file reported as its own manifest, cycles
 * reported as parse problems of the including file).
 */
import * as path from 'node:path';
import type { SigmaSettings } from '../service/settings';
import type { ManifestCheck, PreparedManifest, SigmaService } from '../service';
import { detectManifestKind } from '../service/manifestKind';
import { closesIncludeCycle } from '../service/parse/python/requirementsIncludes';
import { describeTarballCheck, tarballFindings, withTarballFindings } from '../service/stages/tarballFindings';
import type { CheckedDependency, Finding } from '../service/model';
import { readRegularFile, vetIncludes } from '../node/includeFiles';
import type { CheckTarget } from './findManifests';
import type { ManifestResult } from './report/reportModel';
import { addTrees } from './treeStep';

export interface CheckRunOptions {
  service: SigmaService;
  settings: SigmaSettings;
  offline: boolean;
  cwd: string;
  /** Download each npm dependency's tarball and compare it with the lockfile and the certificate. */
  verifyTarballs?: boolean;
  onProgress?: (done: number, total: number) => void;
}

function toPosixRelative(cwd: string, file: string): string {
  const rel = path.relative(cwd, file);
  return (rel.startsWith('..') || path.isAbsolute(rel) ? file : rel).split(path.sep).join('/');
}

interface Parsed {
  file: string;
  manifest: PreparedManifest;
}

/**
 * Reads and parses every manifest (with its lockfile), adding requirements files reached through
 * `-r`/`-c`, which are followed only inside the folder each manifest was found through (docs/security.md).
 */
async function parseAll(service: SigmaService, files: CheckTarget[]): Promise<Parsed[]> {
  const out: Parsed[] = [];
  const seen = new Set<string>();
  /** File → the files it includes, as far as read: what a cycle is checked against. */
  const includeGraph = new Map<string, string[]>();
  const queue = [...files];
  while (queue.length > 0) {
    const next = queue.shift()!;
    const file = path.resolve(next.file);
    if (seen.has(file)) continue;
    seen.add(file);
    const kind = detectManifestKind(file) ?? 'requirements.txt';
    let text: string;
    try {
      text = await readRegularFile(file);
    } catch (err) {
      const message = `cannot read ${file}: ${err instanceof Error ? err.message : String(err)}`;
      out.push({ file, manifest: { uri: file, parsed: { kind, dependencies: [], errors: [{ message, severity: 'error', range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } }] } } });
      continue;
    }
    const manifest = (await service.prepare({ uri: file, path: file, kind, text: () => text }))!;
    const parsed = manifest.parsed;
    // Refused includes become errors on their lines and leave parsed.includes (docs/security.md).
    const targets = await vetIncludes(parsed, file, next.root);
    for (const [i, include] of (parsed.includes ?? []).entries()) {
      const target = targets[i];
      // Each file is read once, so a cycle ends here, but it is worth telling: pip would loop. Only a
      // real cycle is one (parse/python/requirementsIncludes.ts): a file two others include is not.
      if (seen.has(target) && closesIncludeCycle(includeGraph, file, target)) {
        parsed.errors.push({ message: `include cycle: ${include.path} leads back to this file (pip would loop)`, severity: 'warning', range: include.range });
      } else {
        queue.push({ file: target, root: next.root });
      }
    }
    includeGraph.set(file, targets);
    out.push({ file, manifest });
  }
  return out;
}

/** The check with each npm dependency's tarball compared with the lockfile and the certificate. */
async function addTarballFindings(check: ManifestCheck, opts: CheckRunOptions): Promise<ManifestCheck> {
  const added = new Map<CheckedDependency, Finding[]>();
  await Promise.all(
    check.dependencies
      .filter((d) => d.dependency.registry === 'npm' && d.resolution.version !== null && d.status !== 'skipped')
      .map(async (d) => {
        const result = await opts.service.verifyTarball(d, opts.settings);
        if (result.error && process.env.SIGMA_DEBUG === '1') process.stderr.write(`${describeTarballCheck(d.dependency.normalizedName, result)}\n`);
        if (d.suppression?.state !== 'active') added.set(d, tarballFindings(`${d.dependency.normalizedName} ${d.resolution.version}`, result, d.facts?.certificate?.verifyUrl));
      }),
  );
  return withTarballFindings(check, added);
}

export async function runCheck(files: CheckTarget[], opts: CheckRunOptions): Promise<ManifestResult[]> {
  const parsedAll = await parseAll(opts.service, files);
  const total = parsedAll.reduce((n, p) => n + p.manifest.parsed.dependencies.length, 0);
  let done = 0;
  const checks = await Promise.all(
    parsedAll.map(async ({ file, manifest }) => {
      const counted = new Set<number>();
      // onUpdate only ever runs after start() returned (results arrive asynchronously).
      const started: { initial: ManifestCheck; done: Promise<ManifestCheck> } = opts.service.check(manifest, {
        settings: opts.settings,
        offline: opts.offline,
        // Parsed only if a bulk POST leaves: the tree never slows the direct results (docs/tree.md).
        advisoryPrefetch: opts.settings.transitive ? () => opts.service.treeTrustItems(manifest) : undefined,
        onUpdate: () => {
          if (!opts.onProgress) return;
          started.initial.dependencies.forEach((d, i) => {
            if (!d.pending && !counted.has(i)) {
              counted.add(i);
              done++;
            }
          });
          opts.onProgress(done, total);
        },
      });
      const final = await started.done;
      const checked = opts.verifyTarballs && !opts.offline ? await addTarballFindings(final, opts) : final;
      const result: ManifestResult = { path: toPosixRelative(opts.cwd, file), kind: manifest.parsed.kind, check: checked };
      return { result, manifest };
    }),
  );
  // The tree only starts once every direct dependency has its result: it never delays them (docs/tree.md).
  if (opts.settings.transitive) await addTrees(checks, { service: opts.service, settings: opts.settings, offline: opts.offline, cwd: opts.cwd });
  return checks.map((c) => c.result).sort((a, b) => a.path.localeCompare(b.path));
}
