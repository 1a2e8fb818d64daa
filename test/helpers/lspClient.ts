/**
 * A small LSP client for tests: spawns the built server (`dist/server.js --stdio`), speaks real
 * JSON-RPC over its pipes, answers workspace/configuration from a settings object, records every
 * notification, and lets tests wait for a condition instead of sleeping.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
  type InitializeResult,
  type ClientCapabilities,
} from 'vscode-languageserver-protocol/node';

export const SERVER_JS = path.resolve(__dirname, '../../dist/server.js');

export interface TestClientOptions {
  settings?: Record<string, unknown>;
  /** Per-folder settings: the first folder whose URI prefixes the scopeUri wins. */
  folderSettings?: Array<{ folderUri: string; settings: Record<string, unknown> }>;
  cacheDir?: string;
  workspaceFolders?: string[];
  capabilities?: ClientCapabilities;
  env?: NodeJS.ProcessEnv;
  /** Extra initializationOptions (beside `cacheDir`), e.g. `workspaceTrusted`, `proxy`. */
  initializationOptions?: Record<string, unknown>;
  /** Answer for the server's `sigma/addIgnore` request. */
  onAddIgnore?: (params: unknown) => boolean;
}

export interface Waiter {
  check: () => boolean;
  resolve: () => void;
}

export class TestLspClient {
  readonly connection: ProtocolConnection;
  readonly diagnostics = new Map<string, PublishDiagnosticsParams>();
  readonly publishLog: Array<{ at: number; params: PublishDiagnosticsParams }> = [];
  readonly notifications: Array<{ method: string; params: unknown }> = [];
  readonly logMessages: string[] = [];
  readonly progress: unknown[] = [];
  stderr = '';
  settings: Record<string, unknown>;
  private readonly waiters = new Set<Waiter>();
  private versions = new Map<string, number>();

  private constructor(
    readonly child: ChildProcess,
    private readonly opts: TestClientOptions,
  ) {
    this.settings = opts.settings ?? {};
    this.connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    child.stderr!.on('data', (c: Buffer) => (this.stderr += c.toString()));
    this.connection.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => {
      this.diagnostics.set(params.uri, params);
      this.publishLog.push({ at: performance.now(), params });
      this.poke();
    });
    this.connection.onNotification('window/logMessage', (p: { message: string }) => {
      this.logMessages.push(p.message);
      this.poke();
    });
    this.connection.onNotification('$/progress', (p: unknown) => {
      this.progress.push(p);
      this.poke();
    });
    this.connection.onUnhandledNotification((message) => {
      this.notifications.push({ method: message.method, params: message.params });
      this.poke();
    });
    this.connection.onRequest('workspace/configuration', (params: { items: Array<{ scopeUri?: string; section?: string }> }) =>
      params.items.map((item) => {
        const folder = this.opts.folderSettings?.find((f) => item.scopeUri?.startsWith(f.folderUri));
        return { ...this.settings, ...(folder?.settings ?? {}) };
      }),
    );
    this.connection.onRequest('window/workDoneProgress/create', () => null);
    this.connection.onRequest('client/registerCapability', () => null);
    this.connection.onRequest('workspace/inlayHint/refresh', () => null);
    this.connection.onRequest('window/showDocument', () => ({ success: true }));
    this.connection.onRequest('sigma/addIgnore', (params: unknown) => this.opts.onAddIgnore?.(params) ?? false);
    this.connection.listen();
  }

  static async start(opts: TestClientOptions = {}): Promise<{ client: TestLspClient; init: InitializeResult }> {
    // SIGMA_SERVER_NODE_ARGS: extra node flags for the server (e.g. `--cpu-prof --cpu-prof-dir=/tmp/p`
    // to profile a bench run, docs/benchmarks.md); NODE_OPTIONS refuses --cpu-prof.
    const nodeArgs = (process.env.SIGMA_SERVER_NODE_ARGS ?? '').split(' ').filter((a) => a !== '');
    const args = [...nodeArgs, SERVER_JS, '--stdio'];
    if (opts.cacheDir) args.push(`--cache-dir=${opts.cacheDir}`);
    const child = spawn(process.execPath, args, { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, ...(opts.env ?? {}) } });
    const client = new TestLspClient(child, opts);
    const capabilities: ClientCapabilities = opts.capabilities ?? {
      workspace: { configuration: true, didChangeWatchedFiles: { dynamicRegistration: true }, inlayHint: { refreshSupport: true }, didChangeConfiguration: { dynamicRegistration: true } },
      window: { workDoneProgress: true, showDocument: { support: true } },
      textDocument: { publishDiagnostics: { versionSupport: true }, hover: { contentFormat: ['markdown'] }, inlayHint: {}, codeAction: {} },
    };
    const init = await client.connection.sendRequest<InitializeResult>('initialize', {
      processId: process.pid,
      rootUri: opts.workspaceFolders?.[0] ? pathToFileURL(opts.workspaceFolders[0]).href : null,
      workspaceFolders: (opts.workspaceFolders ?? []).map((f) => ({ uri: pathToFileURL(f).href, name: path.basename(f) })),
      capabilities,
      initializationOptions: { cacheDir: opts.cacheDir, ...(opts.initializationOptions ?? {}) },
    });
    await client.connection.sendNotification('initialized', {});
    return { client, init };
  }

  private poke(): void {
    for (const w of [...this.waiters]) {
      if (w.check()) {
        this.waiters.delete(w);
        w.resolve();
      }
    }
  }

  /** Resolves when `check` holds (checked now and after every message), rejects after `timeoutMs`. */
  waitFor(check: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
    if (check()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}; server stderr: ${this.stderr.slice(-2000)}; log: ${this.logMessages.slice(-10).join(' | ')}`));
      }, timeoutMs);
      const waiter: Waiter = {
        check,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
      };
      this.waiters.add(waiter);
    });
  }

  /** Waits until the diagnostics of `uri` satisfy `check` (e.g. a given code appears). */
  async waitForDiagnostics(uri: string, check: (d: PublishDiagnosticsParams) => boolean, what = 'diagnostics', timeoutMs?: number): Promise<PublishDiagnosticsParams> {
    await this.waitFor(() => {
      const d = this.diagnostics.get(uri);
      return d !== undefined && check(d);
    }, `${what} for ${uri}`, timeoutMs);
    return this.diagnostics.get(uri)!;
  }

  async open(uri: string, languageId: string, text: string): Promise<void> {
    this.versions.set(uri, 1);
    await this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
  }

  async change(uri: string, text: string): Promise<number> {
    const version = (this.versions.get(uri) ?? 1) + 1;
    this.versions.set(uri, version);
    await this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
    return version;
  }

  async close(uri: string): Promise<void> {
    await this.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  async changeSettings(settings: Record<string, unknown>): Promise<void> {
    this.settings = settings;
    await this.connection.sendNotification('workspace/didChangeConfiguration', { settings: { sigma: settings } });
  }

  async stop(): Promise<void> {
    try {
      await Promise.race([this.connection.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 3000))]);
      await this.connection.sendNotification('exit');
    } catch {
      // The server may already be gone.
    }
    await new Promise<void>((resolve) => {
      if (this.child.exitCode !== null) return resolve();
      const t = setTimeout(() => {
        this.child.kill('SIGKILL');
        resolve();
      }, 3000);
      this.child.once('exit', () => {
        clearTimeout(t);
        resolve();
      });
    });
    this.connection.dispose();
  }
}
