/**
 * `sigma-trust check`: the same pipeline as the language server, driven over files on disk.
 * Requirements includes are followed (each included file reported as its own manifest, cycles
 * reported as parse problems of the including file).
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { SigmaSettings } from '../../../shared/src/protocol';
import type { ManifestCheck } from '../service/checker';
import { detectManifestKind, isConstraintsFile } from '../service/manifestKind';
import type { ParsedManifest } from '../service/model';
import { parseManifest } from '../service/parse';
import { describeTarballCheck, tarballFindings } from '../service/features/tarballFindings';
import type { Engine } from '../node/engine';
import { LockfileLoader } from '../node/lockfiles';
import type { ManifestResult } from './report/reportModel';

export interface CheckRunOptions {
  engine: Engine;
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
  parsed: ParsedManifest;
}

/** Reads and parses every manifest, adding requirements files reached through `-r`/`-c`. */
async function parseAll(files: string[]): Promise<Parsed[]> {
  const out: Parsed[] = [];
  const seen = new Set<string>();
  const queue = [...files];
  while (queue.length > 0) {
    const file = path.resolve(queue.shift()!);
    if (seen.has(file)) continue;
    seen.add(file);
    const kind = detectManifestKind(file) ?? 'requirements.txt';
    let text: string;
    try {
      text = await fs.readFile(file, 'utf8');
    } catch (err) {
      const message = `cannot read ${file}: ${err instanceof Error ? err.message : String(err)}`;
      out.push({ file, parsed: { kind, dependencies: [], errors: [{ message, severity: 'error', range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } }] } });
      continue;
    }
    const parsed = parseManifest(kind, text, { env: process.env, constraints: isConstraintsFile(file) });
    for (const include of parsed.includes ?? []) {
      const target = path.resolve(path.dirname(file), include.path);
      // An include cycle is harmless here (each file is read once) but worth telling: pip would loop.
      if (seen.has(target) && files.every((f) => path.resolve(f) !== target)) {
        parsed.errors.push({ message: `include cycle: ${include.path} was already read`, severity: 'warning', range: include.range });
      } else {
        queue.push(target);
      }
    }
    out.push({ file, parsed });
  }
  return out;
}

async function addTarballFindings(check: ManifestCheck, opts: CheckRunOptions): Promise<void> {
  await Promise.all(
    check.dependencies
      .filter((d) => d.dependency.registry === 'npm' && d.resolution.version !== null && d.status !== 'skipped')
      .map(async (d) => {
        const result = await opts.engine.verifyTarball(d, opts.settings);
        if (result.error && process.env.SIGMA_DEBUG === '1') process.stderr.write(`${describeTarballCheck(d.dependency.normalizedName, result)}\n`);
        if (d.suppression?.state !== 'active') d.findings.push(...tarballFindings(`${d.dependency.normalizedName} ${d.resolution.version}`, result, d.facts?.certificate?.verifyUrl));
      }),
  );
}

export async function runCheck(files: string[], opts: CheckRunOptions): Promise<ManifestResult[]> {
  const parsedAll = await parseAll(files);
  const lockfiles = new LockfileLoader();
  const total = parsedAll.reduce((n, p) => n + p.parsed.dependencies.length, 0);
  let done = 0;
  const checks = await Promise.all(
    parsedAll.map(async ({ file, parsed }): Promise<ManifestResult> => {
      const lock = await lockfiles.forManifest(file, parsed.kind);
      const counted = new Set<number>();
      // onUpdate only ever runs after start() returned (results arrive asynchronously).
      const started: { initial: ManifestCheck; done: Promise<ManifestCheck> } = opts.engine.checker.start({
        uri: file,
        parsed,
        lockfile: lock?.lockfile,
        settings: opts.settings,
        offline: opts.offline,
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
      if (opts.verifyTarballs && !opts.offline) await addTarballFindings(final, opts);
      return { path: toPosixRelative(opts.cwd, file), kind: parsed.kind, check: final };
    }),
  );
  return checks.sort((a, b) => a.path.localeCompare(b.path));
}
