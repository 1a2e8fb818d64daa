/**
 * Drives the real built server (`dist/server.js --stdio`) through the test LSP client and reads
 * timings off its publish log: every figure is what an editor would see over JSON-RPC.
 */
import type { PublishDiagnosticsParams } from 'vscode-languageserver-protocol/node';
import { TestLspClient } from '../../test/helpers/lspClient';
import type { Manifest } from './fixtures';

export const MAX_CONCURRENT = 8;

export interface Started {
  client: TestLspClient;
  /** Spawn to the initialize result. */
  startMs: number;
  pid: number;
}

export async function startBenchServer(registryUrl: string, cacheDir: string): Promise<Started> {
  const t0 = performance.now();
  const { client } = await TestLspClient.start({
    cacheDir,
    settings: { apiUrl: registryUrl, npmRegistryUrl: registryUrl, pypiUrl: registryUrl, maxConcurrentRequests: MAX_CONCURRENT },
  });
  const startMs = performance.now() - t0;
  const pid = client.child.pid;
  if (pid === undefined) throw new Error('the server process has no pid');
  return { client, startMs, pid };
}

/** Dependencies (lines) that have their diagnostic: the bench data gives each checked dependency exactly one. */
function coveredLines(params: PublishDiagnosticsParams | undefined): number {
  if (!params) return 0;
  const lines = new Set<number>();
  for (const d of params.diagnostics) lines.add(d.range.start.line);
  return lines.size;
}

export interface OpenTiming {
  /** didOpen to the first publish carrying any result. */
  firstResultMs: number;
  /** didOpen to the first publish in which every dependency has its result. */
  completeMs: number;
  publishes: number;
}

/** Opens each manifest at once and waits until all of them are complete. */
export async function openAndComplete(client: TestLspClient, manifests: readonly Manifest[], timeoutMs: number): Promise<OpenTiming> {
  const from = client.publishLog.length;
  const t0 = performance.now();
  await Promise.all(manifests.map((m) => client.open(m.uri, m.languageId, m.text)));
  await client.waitFor(() => manifests.every((m) => coveredLines(client.diagnostics.get(m.uri)) >= m.count), `all of ${manifests.map((m) => m.count).join('+')} dependencies`, timeoutMs);
  let first = Infinity;
  let complete = 0;
  let publishes = 0;
  for (const m of manifests) {
    let done = false;
    for (const entry of client.publishLog.slice(from)) {
      if (entry.params.uri !== m.uri) continue;
      publishes++;
      if (entry.params.diagnostics.length > 0) first = Math.min(first, entry.at);
      if (!done && coveredLines(entry.params) >= m.count) {
        complete = Math.max(complete, entry.at);
        done = true;
      }
    }
  }
  return { firstResultMs: first - t0, completeMs: complete - t0, publishes };
}

/** Sends a full-text change and waits for the publish of that document version; returns the time between. */
export async function changeAndPublish(client: TestLspClient, uri: string, text: string, timeoutMs: number): Promise<number> {
  const from = client.publishLog.length;
  const t0 = performance.now();
  const version = await client.change(uri, text);
  const seen = (): { at: number } | undefined => client.publishLog.slice(from).find((e) => e.params.uri === uri && e.params.version === version);
  await client.waitFor(() => seen() !== undefined, `the publish of version ${version}`, timeoutMs);
  return seen()!.at - t0;
}

/** One editor screen: what VS Code asks inlay hints for after an edit. */
const SCREEN = { start: { line: 0, character: 0 }, end: { line: 60, character: 0 } };

/**
 * Sends a full-text change, then asks inlay hints for the first screen as VS Code does after an edit;
 * the server answers them from the check of the new text (docs/benchmarks.md), so the answer marks the
 * edit as taken in. Returns the time between and whether the edit was published (an edit that changes
 * no diagnostic is not).
 */
export async function changeAndSettle(client: TestLspClient, uri: string, text: string): Promise<{ ms: number; published: boolean }> {
  const from = client.publishLog.length;
  const t0 = performance.now();
  await client.change(uri, text);
  await client.connection.sendRequest('textDocument/inlayHint', { textDocument: { uri }, range: SCREEN });
  const ms = performance.now() - t0;
  return { ms, published: client.publishLog.slice(from).some((e) => e.params.uri === uri) };
}
