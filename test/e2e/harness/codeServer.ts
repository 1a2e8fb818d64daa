// Starts and stops one code-server: VS Code's own server build, whose extension host is the real Node
// extension host. Started per run with its own dirs, stopped by its PID.
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { request } from 'node:http';
import { createServer } from 'node:net';
import type { CodeServerInstall } from './install';
import type { RunDir } from './runDir';

export interface CodeServer {
  /** `http://127.0.0.1:PORT` */
  readonly url: string;
  /** `127.0.0.1:PORT`: the page's authority, which `vscode-remote://` URIs must name. */
  readonly authority: string;
  readonly pid: number;
  stop(): Promise<void>;
}

const START_TIMEOUT_MS = 60_000;

// Built-in extensions that work at every start (git scans, Copilot, sign-in providers, tsserver for
// settings.json) or add their own hovers and code lenses to package.json (npm, which also asks the
// offline npm registry on hover). None has anything to do with the extension under test; on a busy
// 2-core machine they slow the extension host enough that VS Code's 7 s `workspaceContains` search can
// time out. Passed to the server as VSCODE_SKIP_BUILTIN_EXTENSIONS (code-server has no
// --disable-extension flag).
const SKIPPED_BUILTINS = [
  'GitHub.copilot-chat',
  'vscode.git',
  'vscode.git-base',
  'vscode.github',
  'vscode.github-authentication',
  'vscode.microsoft-authentication',
  'vscode.npm',
  'vscode.typescript-language-features',
  'vscode.emmet',
  'vscode.merge-conflict',
  'vscode.debug-auto-launch',
];
const STOP_GRACE_MS = 10_000;

export async function startCodeServer(install: CodeServerInstall, dir: RunDir): Promise<CodeServer> {
  const port = await freePort();
  const authority = `127.0.0.1:${port}`;
  const args = [
    install.entry,
    '--auth', 'none',
    '--bind-addr', authority,
    '--user-data-dir', dir.userData,
    '--extensions-dir', dir.extensions,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--reconnection-grace-time', '10',
    // Without it the workbench ignores extensionDevelopmentPath/extensionTestsPath in the URL payload
    // and never defines the codeAutomation* hooks.
    '--vscode-option', 'enable-smoke-test-driver',
  ];
  const child = spawn(install.node, args, {
    env: serverEnv(dir),
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group, so a last-resort kill of the group reaches the extension host too.
    detached: true,
  });
  const log = createWriteStream(dir.serverLog);
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const server: CodeServer = {
    url: `http://${authority}`,
    authority,
    pid: child.pid ?? -1,
    stop: () => stop(child, exited),
  };
  try {
    await listening(child, exited);
    await healthz(server.url);
  } catch (err) {
    await server.stop();
    throw new Error(`code-server did not start (log: ${dir.serverLog}): ${(err as Error).message}`);
  }
  return server;
}

/** The machine's environment, minus anything a parent VS Code leaked, with XDG dirs inside the run. */
function serverEnv(dir: RunDir): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (!k.startsWith('VSCODE_') && k !== 'ELECTRON_RUN_AS_NODE') env[k] = v;
  }
  env.XDG_CONFIG_HOME = dir.xdgConfig;
  env.XDG_DATA_HOME = dir.xdgData;
  env.VSCODE_SKIP_BUILTIN_EXTENSIONS = SKIPPED_BUILTINS.join(',');
  // code-server asks open-vsx.org for extension updates on its own: point its gallery at a closed
  // loopback port, so a test run sends nothing beyond 127.0.0.1 (not even a DNS query).
  env.EXTENSIONS_GALLERY = JSON.stringify({ serviceUrl: 'http://127.0.0.1:9/gallery', itemUrl: 'http://127.0.0.1:9/items', resourceUrlTemplate: 'http://127.0.0.1:9/resource' });
  return env;
}

/** Resolves on code-server's "HTTP server listening" line; rejects if it exits or takes too long. */
function listening(child: ChildProcess, exited: Promise<void>): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`not listening after ${START_TIMEOUT_MS} ms`)), START_TIMEOUT_MS);
    const onData = (chunk: Buffer): void => {
      if (chunk.toString().includes('HTTP server listening')) {
        clearTimeout(timer);
        child.stdout?.off('data', onData);
        resolve();
      }
    };
    child.stdout?.on('data', onData);
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`exited early with code ${child.exitCode}`));
    });
  });
}

function healthz(base: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const req = request(`${base}/healthz`, (res) => {
      res.resume();
      if (res.statusCode === 200) resolve();
      else reject(new Error(`GET /healthz answered ${res.statusCode}`));
    });
    req.setTimeout(10_000, () => req.destroy(new Error('GET /healthz timed out')));
    req.on('error', reject);
    req.end();
  });
}

async function stop(child: ChildProcess, exited: Promise<void>): Promise<void> {
  const pid = child.pid;
  if (pid === undefined) return;
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
  const gone = await Promise.race([exited.then(() => true), delay(STOP_GRACE_MS).then(() => false)]);
  // Whatever of its group is still alive after the grace period (the extension host, a language
  // server), or the server itself if it ignored SIGTERM.
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // The group is already empty.
  }
  if (!gone) await exited;
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

/** A port nobody listens on now: bind port 0, read what the OS picked, release it. */
function freePort(): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => (port > 0 ? resolve(port) : reject(new Error('no free port'))));
    });
  });
}
