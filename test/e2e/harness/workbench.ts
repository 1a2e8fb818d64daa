// The workbench URL that makes code-server's browser workbench behave like
// `code --extensionDevelopmentPath=… --extensionTestsPath=…`: the same options, passed as the `payload`
// URL parameter (honoured only with `--vscode-option enable-smoke-test-driver`).
import type { CodeServer } from './codeServer';

export interface DevelopmentOptions {
  /** Absolute path of the folder to open. */
  folder: string;
  /** Absolute path of the extension under development (the folder with its package.json). */
  extensionDevelopmentPath?: string;
  /** Absolute path of the compiled suite entry exporting `run()`. */
  extensionTestsPath?: string;
  /** Environment variables for the extension host. */
  extensionEnvironment?: Record<string, string>;
}

export function workbenchUrl(server: CodeServer, opts: DevelopmentOptions): string {
  // Paths on the server are addressed as vscode-remote URIs with the page's own authority.
  const remote = (path: string): string => `vscode-remote://${server.authority}${path}`;
  const payload: [string, string][] = [];
  if (opts.extensionDevelopmentPath) payload.push(['extensionDevelopmentPath', remote(opts.extensionDevelopmentPath)]);
  if (opts.extensionTestsPath) payload.push(['extensionTestsPath', remote(opts.extensionTestsPath)]);
  if (opts.extensionEnvironment) payload.push(['extensionEnvironment', JSON.stringify(opts.extensionEnvironment)]);
  const query = new URLSearchParams({ folder: opts.folder });
  if (payload.length > 0) query.set('payload', JSON.stringify(payload));
  return `${server.url}/?${query.toString()}`;
}
