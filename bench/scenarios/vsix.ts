/**
 * vsix_size: the real packaging path (`node esbuild.js --production`, then scripts/package.js with
 * vsce), then the development build is restored so the tests that follow run on what they expect.
 */
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { round } from '../lib/measure';
import type { Results } from '../lib/scenario';

const run = promisify(execFile);
const ROOT = path.resolve(__dirname, '../..');
const TARGET_MB = 1.5;

function errorText(error: unknown): string {
  const raw = (error as { stderr?: unknown }).stderr;
  const stderr = typeof raw === 'string' ? raw : Buffer.isBuffer(raw) ? raw.toString('utf8') : '';
  const line = stderr.split('\n').find((l) => l.includes('ERROR')) ?? (error instanceof Error ? error.message : String(error));
  return line.trim().slice(0, 400);
}

export async function vsixScenario(): Promise<Results> {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { name: string; version: string };
  const out = path.join(ROOT, `${pkg.name}-${pkg.version}.vsix`);
  fs.rmSync(out, { force: true });
  const extra: Record<string, unknown> = { packagedWith: 'scripts/package.js' };
  try {
    await run(process.execPath, ['esbuild.js', '--production'], { cwd: ROOT });
    try {
      await run(process.execPath, ['scripts/package.js'], { cwd: ROOT, maxBuffer: 16 * 1024 * 1024 });
    } catch (error) {
      // The size is still worth knowing when the packaging script is refused (e.g. vsce cannot
      // rewrite README links without a repository): same vsce call, links left as written.
      extra['packageScriptError'] = errorText(error);
      extra['packagedWith'] = 'vsce package --no-rewrite-relative-links (scripts/package.js failed)';
      await run(process.execPath, [require.resolve('@vscode/vsce/vsce'), 'package', '--no-dependencies', '--allow-missing-repository', '--skip-license', '--no-rewrite-relative-links', '--out', out], { cwd: ROOT, maxBuffer: 16 * 1024 * 1024 });
    }
    const bytes = fs.statSync(out).size;
    const mb = round(bytes / 1024 / 1024, 3);
    return { vsix_size: { value: mb, unit: 'MB', target: TARGET_MB, pass: mb <= TARGET_MB, bytes, ...extra } };
  } catch (error) {
    // A packaging failure is reported as a figure that fails, with its reason, not as a crash of the bench.
    return { vsix_size: { value: -1, unit: 'MB', target: TARGET_MB, pass: false, error: errorText(error), ...extra } };
  } finally {
    await run(process.execPath, ['esbuild.js'], { cwd: ROOT });
  }
}
