/**
 * One language-server test session: a local registry (fixture data unless told otherwise), a temp
 * folder, and the built server talking to both, with settings that point every URL at the registry.
 * Each describe starts its own and closes it, so tests never share a registry log or a cache.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Diagnostic, PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { startRegistry, type LocalRegistry, type RegistryData } from '../registry';
import { TestLspClient, type TestClientOptions } from '../helpers/lspClient';

export interface Session {
  registry: LocalRegistry;
  client: TestLspClient;
  dir: string;
  /** The settings that point at the local registry, plus `extra`. */
  settings(extra?: Record<string, unknown>): Record<string, unknown>;
  /** Writes `text` to `rel` under the temp folder and returns its file URI (the document is not opened). */
  write(rel: string, text: string): string;
  /** Writes the file, opens it, and waits for the first publish whose diagnostics pass `until`. */
  openAndWait(rel: string, text: string, until?: (d: PublishDiagnosticsParams) => boolean): Promise<{ uri: string; diagnostics: Diagnostic[] }>;
  close(): Promise<void>;
}

export interface SessionOptions {
  data?: RegistryData;
  settings?: Record<string, unknown>;
  /** Extra client options; a function gets the temp folder (for workspace folders inside it). */
  client?: Partial<TestClientOptions> | ((dir: string) => Partial<TestClientOptions>);
}

function languageOf(rel: string): string {
  if (rel.endsWith('.json')) return 'json';
  if (rel.endsWith('.toml')) return 'toml';
  return 'pip-requirements';
}

export async function startSession(opts: SessionOptions = {}): Promise<Session> {
  const registry = await startRegistry({ quiet: true, data: opts.data });
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'sigma-lsp-')));
  const settings = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({
    apiUrl: registry.url,
    npmRegistryUrl: registry.url,
    pypiUrl: registry.url,
    ...(opts.settings ?? {}),
    ...extra,
  });
  const extra = typeof opts.client === 'function' ? opts.client(dir) : (opts.client ?? {});
  const { client } = await TestLspClient.start({ cacheDir: path.join(dir, '.cache'), settings: settings(), ...extra });
  const write = (rel: string, text: string): string => {
    const file = path.join(dir, rel);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
    return pathToFileURL(file).href;
  };
  return {
    registry,
    client,
    dir,
    settings,
    write,
    async openAndWait(rel, text, until) {
      const uri = write(rel, text);
      await client.open(uri, languageOf(rel), text);
      const published = await client.waitForDiagnostics(uri, until ?? (() => true), `diagnostics of ${rel}`);
      return { uri, diagnostics: published.diagnostics };
    },
    async close() {
      await client.stop();
      await registry.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Diagnostics of one code, in order. */
export function byCode(diagnostics: Diagnostic[], code: string): Diagnostic[] {
  return diagnostics.filter((d) => d.code === code);
}

/** Zero-based range literal, to keep expectations short. */
export function range(line: number, from: number, to: number, endLine = line): Diagnostic['range'] {
  return { start: { line, character: from }, end: { line: endLine, character: to } };
}

/** A diagnostic's message as plain text (LSP 3.18 also allows MarkupContent). */
export function text(d: Diagnostic): string {
  return typeof d.message === 'string' ? d.message : d.message.value;
}
