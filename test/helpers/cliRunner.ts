/**
 * Runs the built CLI (`dist/cli.js`) as a child process and collects its exit code and output.
 * `tty: true` runs it under `script(1)` so stdout and stderr are a terminal, as in an interactive
 * shell (both streams then arrive merged on stdout).
 */
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import type { Readable } from 'node:stream';
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
  return collectOutput(spawn(command, argv, { cwd: opts.cwd, env, stdio: ['ignore', 'pipe', 'pipe'] }));
}

/**
 * The one output collector for a child process run by a test: its exit code and whole stdout and
 * stderr once it closes. With `timeoutMs`, a child still running then is killed and the promise
 * rejects with the end of its stderr (a hung process fails its test instead of the whole run).
 */
export function collectOutput(child: ChildProcessByStdio<null, Readable, Readable>, opts: { timeoutMs?: number; what?: string } = {}): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  return new Promise((resolve, reject) => {
    const timer =
      opts.timeoutMs === undefined
        ? undefined
        : setTimeout(() => {
            child.kill('SIGKILL');
            reject(new Error(`${opts.what ?? 'the child process'} did not finish within ${opts.timeoutMs} ms; stderr: ${stderr.slice(-2000)}`));
          }, opts.timeoutMs);
    child.once('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** The flags that point every URL at a local registry. */
export function registryFlags(url: string): string[] {
  return ['--api-url', url, '--npm-registry-url', url, '--pypi-url', url];
}
