/**
 * Runs the built CLI (`dist/cli.js`) as a child process and collects its exit code and output.
 * `tty: true` runs it under `script(1)` so stdout and stderr are a terminal, as in an interactive
 * shell (both streams then arrive merged on stdout).
 */
import { spawn } from 'node:child_process';
import * as path from 'node:path';

export const CLI_JS = path.resolve(__dirname, '../../dist/cli.js');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  tty?: boolean;
}

function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

export function runCli(args: string[], opts: CliOptions = {}): Promise<CliResult> {
  // Colour and debug switches of the calling shell must not leak into the expectations.
  const env: NodeJS.ProcessEnv = { ...process.env, FORCE_COLOR: undefined, NO_COLOR: undefined, SIGMA_DEBUG: undefined, SIGMA_TOKEN: undefined, ...(opts.env ?? {}) };
  for (const key of Object.keys(env)) if (env[key] === undefined) delete env[key];
  const command = opts.tty ? 'script' : process.execPath;
  const argv = opts.tty ? ['-qefc', [process.execPath, CLI_JS, ...args].map(shellQuote).join(' '), '/dev/null'] : [CLI_JS, ...args];
  const child = spawn(command, argv, { cwd: opts.cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** The flags that point every URL at a local registry. */
export function registryFlags(url: string): string[] {
  return ['--api-url', url, '--npm-registry-url', url, '--pypi-url', url];
}
