/**
 * Shared plumbing for the reliability suite: the local registry plus the BUILT language server (over
 * real JSON-RPC) or the BUILT CLI, and ways to wait for "the check has settled" without sleeping.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Diagnostic, Hover, MarkupContent, Position } from 'vscode-languageserver-protocol';
import type { WorkspaceSummary } from '../../shared/src/protocol';
import { CLI_JS, collectOutput, type CliResult } from '../helpers/cliRunner';
import { TestLspClient } from '../helpers/lspClient';
import { startRegistry, type LocalRegistry, type RegistryData } from '../registry';

export { CLI_JS };

export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `sigma-rel-${prefix}-`));
}

/** Writes `text` at `dir/rel` and returns its path and file URI. */
export function writeFile(dir: string, rel: string, text: string): { file: string; uri: string } {
  const file = path.join(dir, rel);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  return { file, uri: pathToFileURL(file).href };
}

export interface ServerEnv {
  registry: LocalRegistry;
  client: TestLspClient;
  dir: string;
  cacheDir: string;
  stop(): Promise<void>;
}

/** Registry + server, with every registry URL pointing at the registry and a short request timeout. */
export async function startServerEnv(opts: { data: RegistryData; settings?: Record<string, unknown>; latencyMs?: number; env?: NodeJS.ProcessEnv }): Promise<ServerEnv> {
  const registry = await startRegistry({ quiet: true, data: opts.data, latencyMs: opts.latencyMs });
  const dir = tempDir('lsp');
  const cacheDir = path.join(dir, '.cache');
  const { client } = await TestLspClient.start({
    cacheDir,
    env: opts.env,
    settings: { apiUrl: registry.url, npmRegistryUrl: registry.url, pypiUrl: registry.url, requestTimeoutMs: 1000, ...(opts.settings ?? {}) },
  });
  return {
    registry,
    client,
    dir,
    cacheDir,
    async stop() {
      await client.stop();
      await registry.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

function summaryChangedSince(client: TestLspClient, start: number): boolean {
  return client.notifications.slice(start).some((n) => n.method === 'sigma/summaryChanged' && (n.params as { checking: boolean }).checking === false);
}

/**
 * Runs `action` (an open, a refresh) and waits until the server says no check is running any more
 * (`sigma/summaryChanged` with `checking: false`, sent after the final publish) AND every document of
 * `uris` was published since and shows its (non-pending) dependencies — a document whose check has
 * not started yet when another one ends would otherwise look settled. Returns the workspace summary.
 * Not for didChange: an edit's network work is debounced after that signal.
 */
export async function settle(client: TestLspClient, action: () => Promise<unknown>, what: string, uris: string[] = [], timeoutMs = 30_000): Promise<WorkspaceSummary> {
  const startPublish = client.publishLog.length;
  let seen = client.notifications.length;
  const deadline = Date.now() + timeoutMs;
  await action();
  for (;;) {
    const from = seen;
    await client.waitFor(() => summaryChangedSince(client, from), what, Math.max(1, deadline - Date.now()));
    seen = client.notifications.length;
    const summary = await client.connection.sendRequest<WorkspaceSummary>('sigma/summary');
    const published = client.publishLog.slice(startPublish).map((p) => p.params.uri);
    if (!summary.checking && uris.every((uri) => published.includes(uri) && summary.dependencies.some((d) => d.uri === uri))) return summary;
  }
}

export function refresh(client: TestLspClient, uris: string[], timeoutMs?: number): Promise<WorkspaceSummary> {
  return settle(client, () => client.connection.sendRequest('sigma/refresh'), 'the refresh to settle', uris, timeoutMs);
}

export function diagnosticsOf(client: TestLspClient, uri: string): Diagnostic[] {
  return client.diagnostics.get(uri)?.diagnostics ?? [];
}

export function codesOf(client: TestLspClient, uri: string): string[] {
  return diagnosticsOf(client, uri).map((d) => String(d.code));
}

export async function hoverMarkdown(client: TestLspClient, uri: string, position: Position): Promise<string | undefined> {
  const hover = await client.connection.sendRequest<Hover | null>('textDocument/hover', { textDocument: { uri }, position });
  if (!hover) return undefined;
  return (hover.contents as MarkupContent).value;
}

export type CliRun = CliResult;

/** Runs the built CLI to completion (stdin closed, no TTY). */
export function runCli(args: string[], opts: { cwd: string; env?: NodeJS.ProcessEnv; timeoutMs?: number }): Promise<CliRun> {
  const child = spawn(process.execPath, [CLI_JS, ...args], { cwd: opts.cwd, env: { ...process.env, SIGMA_TOKEN: '', SIGMA_DEBUG: '', ...(opts.env ?? {}) }, stdio: ['ignore', 'pipe', 'pipe'] });
  return collectOutput(child, { timeoutMs: opts.timeoutMs ?? 30_000, what: `sigma-trust ${args.join(' ')}` });
}

/**
 * Moves every entry of a disk cache `ms` into the past, as if that much time had passed since it was
 * written: the CLI has no TTL flag, so this is how a test makes a warm cache stale.
 */
export function ageDiskCache(cacheDir: string, ms: number): void {
  for (const name of fs.readdirSync(cacheDir)) {
    if (!name.endsWith('.cache')) continue;
    const file = path.join(cacheDir, name);
    const text = fs.readFileSync(file, 'latin1');
    fs.writeFileSync(file, text.replace(/^("(?:[^"\\]|\\.)*")\t(\d+)\t/gm, (_m, key: string, at: string) => `${key}\t${Number(at) - ms}\t`), 'latin1');
  }
}
