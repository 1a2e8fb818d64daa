// Finds (installing on first use) the code-server build the end-to-end run drives.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export interface CodeServerInstall {
  /** The cache folder keyed by code-server version. */
  readonly dir: string;
  /** Node 24: code-server 4.139 refuses older. */
  readonly node: string;
  readonly entry: string;
}

/**
 * Runs scripts/setup-e2e.sh, which is idempotent and quick once everything is there (a marker file and a
 * dpkg query), so the install location and versions are decided in one place only: the script prints the
 * folder as its last line. Its progress goes to our stderr.
 */
export function ensureCodeServer(repoRoot: string): CodeServerInstall {
  const script = join(repoRoot, 'scripts', 'setup-e2e.sh');
  const result = spawnSync('bash', [script], { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });
  if (result.error) throw new Error(`could not run ${script}: ${result.error.message}`);
  if (result.status !== 0) throw new Error(`${script} failed with exit code ${result.status}`);
  const dir = result.stdout.trim().split('\n').pop() ?? '';
  const install = {
    dir,
    node: join(dir, 'node', 'node_modules', 'node', 'bin', 'node'),
    entry: join(dir, 'server', 'node_modules', 'code-server', 'out', 'node', 'entry.js'),
  };
  for (const file of [install.node, install.entry]) {
    if (!existsSync(file)) throw new Error(`${script} finished but ${file} is missing`);
  }
  return install;
}
