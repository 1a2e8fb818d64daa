// The end-to-end run in code-server: local registry, fresh code-server, headless Chromium, the mocha
// suite inside the real extension host, and a closing line `E2E: N passed, M failed`.
// Builds nothing: `npm run build` must have produced dist/ and dist-test/ first.
import { createWriteStream, existsSync, mkdirSync, type WriteStream } from 'node:fs';
import { join, resolve } from 'node:path';
import { ACK_DIR_ENV, type SuiteResult } from '../protocol';
import { exposeAutomation, type Automation } from './automation';
import { isNoise } from './logFilter';
import { extensionLogTail, keepLogs } from './logs';
import { startSession, type Session } from './session';

const REPO = resolve(__dirname, '..', '..', '..');
const RESULTS = join(REPO, 'test-results', 'e2e');
const LOGS = join(RESULTS, 'logs');

interface Options {
  extensionDevelopmentPath: string;
  extensionTestsPath: string;
  workspace: string;
  timeoutMs: number;
  keepRunDir: boolean;
  /** Print the workbench's whole log, noise included (it is always in test-results/e2e/workbench.log). */
  verbose: boolean;
}

/** Environment knobs, so the same runner can drive another extension, suite or workspace. */
function options(): Options {
  const env = process.env;
  return {
    extensionDevelopmentPath: resolve(env.SIGMA_E2E_EXTENSION ?? REPO),
    extensionTestsPath: resolve(env.SIGMA_E2E_TESTS ?? join(REPO, 'dist-test', 'e2e', 'index.js')),
    workspace: resolve(env.SIGMA_E2E_WORKSPACE ?? join(REPO, 'examples')),
    timeoutMs: Number(env.SIGMA_E2E_TIMEOUT_MS ?? 480_000),
    keepRunDir: env.SIGMA_E2E_KEEP === '1',
    verbose: env.SIGMA_E2E_VERBOSE === '1',
  };
}

function checkBuilt(opts: Options): void {
  const missing = [join(opts.extensionDevelopmentPath, 'package.json'), opts.extensionTestsPath].filter((f) => !existsSync(f));
  if (opts.extensionDevelopmentPath === REPO && !existsSync(join(REPO, 'dist', 'client.js'))) missing.push(join(REPO, 'dist', 'client.js'));
  if (missing.length > 0) throw new Error(`missing ${missing.join(', ')}: run \`npm run build\` first`);
}

/** Returns the process exit code. Always prints `E2E: N passed, M failed` last. */
export async function main(): Promise<number> {
  const started = Date.now();
  const opts = options();
  let session: Session | undefined;
  let automation: Automation | undefined;
  let workbenchLog: WriteStream | undefined;
  let result: SuiteResult | undefined;
  let harnessError: string | undefined;
  let exitCode = 1;
  // code-server runs in its own process group, so a Ctrl-C reaches only us: turn it into a failure
  // that goes through the cleanup below, at any step.
  const abort = interrupted();
  try {
    checkBuilt(opts);
    const starting = startSession({ repoRoot: REPO, workspace: opts.workspace });
    // A session that finishes starting after an interrupt is closed as soon as it exists.
    void abort.catch(() => (session ? undefined : starting.then((s) => s.close(false)).catch(() => undefined)));
    session = await Promise.race([starting, abort]);
    log(`session up after ${seconds(started)}`);
    const { page } = session;
    mkdirSync(RESULTS, { recursive: true });
    workbenchLog = createWriteStream(join(RESULTS, 'workbench.log'));
    automation = await exposeAutomation(page, {
      onLine: (line) => {
        workbenchLog?.write(`${seconds(started).padStart(7)} ${line}\n`);
        if (opts.verbose || !isNoise(line)) console.log(line);
      },
      screenshotDir: RESULTS,
      ackDir: session.dir.acks,
    });
    const crashed = new Promise<never>((_, reject) => page.once('crash', () => reject(new Error('the workbench page crashed'))));
    crashed.catch(() => undefined); // may reject after the race is over
    await session.open({
      extensionDevelopmentPath: opts.extensionDevelopmentPath,
      extensionTestsPath: opts.extensionTestsPath,
      // The local registry's developer token, for the suite's draft-preview tests (ui.preview.test.ts).
      extensionEnvironment: { [ACK_DIR_ENV]: session.dir.acks, SIGMA_E2E_REGISTRY_TOKEN: session.registry.token },
    });
    log(`workbench loaded after ${seconds(started)}`);
    exitCode = await Promise.race([automation.exitCode, crashed, timeout(opts.timeoutMs), abort]);
    log(`suite exited with code ${exitCode} after ${seconds(started)}`);
    result = automation.result();
    if (result === undefined) harnessError = `the suite exited with code ${exitCode} without reporting its counts`;
    else if (exitCode !== 0 && result.failed === 0) harnessError = `run() failed (exit code ${exitCode}) after its tests passed`;
    for (const file of automation.screenshots) log(`screenshot ${file}`);
  } catch (err) {
    harnessError = (err as Error).message;
    result = automation?.result();
  } finally {
    workbenchLog?.end();
    if (session) keepLogs(session.dir.userData, LOGS);
    await session?.close(opts.keepRunDir || harnessError !== undefined || exitCode !== 0);
  }
  log(`finished in ${seconds(started)}`);
  if (harnessError !== undefined) log(`harness error: ${harnessError}`);
  if (harnessError !== undefined || exitCode !== 0) {
    for (const line of extensionLogTail(LOGS, join(opts.extensionDevelopmentPath, 'package.json'))) console.log(line);
    log(`all of VS Code's logs: ${LOGS}; the workbench's: ${join(RESULTS, 'workbench.log')}`);
  }
  // A harness failure counts as one failed test so the closing line never reads as green.
  const passed = result?.passed ?? 0;
  const failed = (result?.failed ?? 0) + (harnessError === undefined ? 0 : 1);
  console.log(`E2E: ${passed} passed, ${failed} failed`);
  return failed > 0 || exitCode !== 0 ? 1 : 0;
}

function timeout(ms: number): Promise<never> {
  const expired = new Promise<never>((_, reject) => {
    setTimeout(() => reject(new Error(`no result after ${ms / 1000} s (SIGMA_E2E_TIMEOUT_MS)`)), ms).unref();
  });
  expired.catch(() => undefined); // may expire during cleanup, after the race is over
  return expired;
}

/** Ctrl-C or a CI kill still tears everything down through the `finally` above. */
function interrupted(): Promise<never> {
  const signalled = new Promise<never>((_, reject) => {
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      process.once(signal, () => reject(new Error(`interrupted by ${signal}`)));
    }
  });
  // Nobody may be awaiting it yet when the signal comes.
  signalled.catch(() => undefined);
  return signalled;
}

function seconds(since: number): string {
  return `${((Date.now() - since) / 1000).toFixed(1)} s`;
}

function log(message: string): void {
  console.log(`[e2e] ${message}`);
}
