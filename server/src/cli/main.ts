/**
 * `sigma-trust`: the SIGMA Package Trust check for CI and terminals (docs/ci.md).
 *   sigma-trust check [PATH ...] [options]     exit 0 clean, 1 when --fail-on is met, 2 usage/fatal, 3 incomplete
 *   sigma-trust preview DRAFT_ID [options]     the draft package-preview quote (token from SIGMA_TOKEN)
 * The flags are declared in options.ts.
 */
import * as os from 'node:os';
import * as path from 'node:path';
import { normalizeSettings } from '../service/settings';
import { createSigmaService } from '../service';
import { createNodeRuntime } from '../node/runtime';
import { parseAllowedHost } from '../../../shared/src/destinations';
import { describeVersion } from '../service/stages/findings';
import { stripControl } from '../service/features/terminalText';
import { applyBaseline, readBaseline } from './baseline';
import { tolerateClosedPipe } from './closedPipe';
import { exitVerdict, FAIL_ON_VALUES, type FailOn } from './failOn';
import { findManifests, UsageError } from './findManifests';
import { parseFlags, urlFlag, usage } from './options';
import { runPreview } from './preview';
import { runCheck } from './runCheck';
import { jsonReport } from './report/jsonReport';
import { allDependencies } from './report/reportModel';
import { markdownReport } from './report/markdownReport';
import { sarifReport } from './report/sarifReport';
import { COLOR, PLAIN, textReport } from './report/textReport';
import { useColor } from './terminal';

export const VERSION = '0.1.0';

/** The whole help (`sigma-trust --help`). */
export const USAGE = usage();

const FORMATS = ['text', 'json', 'sarif', 'markdown'];

/** Says on stderr why the run exits 3: which packages could not be checked, and why (at most ten). */
function describeIncomplete(verdict: ReturnType<typeof exitVerdict>): string {
  const list = verdict.incomplete;
  let out = '';
  if (list.length > 0) {
    const lines = list.slice(0, 10).map(({ dependency, reason }) => `  ${stripControl(describeVersion(dependency.dependency, dependency.resolution.version))}: ${reason}`);
    if (list.length > 10) lines.push(`  … ${list.length - 10} more`);
    const n = list.length;
    out += `sigma-trust: incomplete check — ${n} ${n === 1 ? 'package' : 'packages'} could not be checked (exit 3; --fail-on never ignores this):\n${lines.join('\n')}\n`;
  }
  const locks = verdict.unreadableLockfiles;
  if (locks.length > 0) {
    const lines = locks.slice(0, 10).map(({ manifest, reason }) => `  ${stripControl(manifest)}: ${stripControl(reason)}`);
    if (locks.length > 10) lines.push(`  … ${locks.length - 10} more`);
    out += `sigma-trust: incomplete check — ${locks.length} ${locks.length === 1 ? 'lockfile' : 'lockfiles'} could not be read, so ranges were checked instead of the installed versions (exit 3; --fail-on never ignores this):\n${lines.join('\n')}\n`;
  }
  return out;
}

function defaultCacheDir(): string {
  const base = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(base, 'sigma-package-trust');
}

function positiveInt(value: string | boolean | string[] | undefined, flag: string): number | undefined {
  if (typeof value !== 'string') return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new UsageError(`${flag} needs a positive whole number, got ${JSON.stringify(value)}`);
  return n;
}

async function check(argv: string[]): Promise<number> {
  const { values, positionals } = parseFlags('check', argv);
  if (values.help) {
    process.stdout.write(usage('check'));
    return 0;
  }
  const str = (name: string): string | undefined => (typeof values[name] === 'string' ? (values[name]) : undefined);
  const format = str('format') ?? 'text';
  if (!FORMATS.includes(format)) throw new UsageError(`--format must be text, json, sarif or markdown, got ${JSON.stringify(format)}`);
  const failOn = (str('fail-on') ?? 'rejected') as FailOn;
  const hostFlag = values['allow-index-host'];
  const allowedIndexHosts = Array.isArray(hostFlag) ? hostFlag : [];
  for (const host of allowedIndexHosts) {
    if (!parseAllowedHost(host)) throw new UsageError(`--allow-index-host takes HOST or HOST:PORT (no scheme, path or wildcard), got ${JSON.stringify(host)}`);
  }
  if (!FAIL_ON_VALUES.includes(failOn)) throw new UsageError(`--fail-on must be one of ${FAIL_ON_VALUES.join(', ')}, got ${JSON.stringify(failOn)}`);
  const offline = values.offline === true;
  const settings = normalizeSettings({
    apiUrl: urlFlag(values['api-url'], 'api-url'),
    npmRegistryUrl: urlFlag(values['npm-registry-url'], 'npm-registry-url'),
    pypiUrl: urlFlag(values['pypi-url'], 'pypi-url'),
    advisoryFallback: !values['no-advisory-fallback'],
    resolveRanges: !values['no-resolve-ranges'],
    maxConcurrentRequests: positiveInt(values['max-concurrent-requests'], '--max-concurrent-requests'),
    requestTimeoutMs: positiveInt(values['timeout-ms'], '--timeout-ms'),
    allowedIndexHosts,
    transitive: !values['no-transitive'],
  });
  const baselineFile = str('baseline');
  // Read before any lookup: a missing or wrong baseline is a usage error, not a finding.
  const baselineKeys = baselineFile === undefined ? undefined : await readBaseline(baselineFile);
  const files = await findManifests(positionals);
  const cwd = process.cwd();
  const showProgress = !!process.stderr.isTTY;
  const verbose = process.env.SIGMA_DEBUG === '1';
  const runtime = createNodeRuntime({
    cacheDir: str('cache-dir') ?? defaultCacheDir(),
    settings,
    logger: verbose ? { info: (m) => process.stderr.write(`${m}\n`), warn: (m) => process.stderr.write(`${m}\n`), error: (m) => process.stderr.write(`${m}\n`) } : undefined,
  });
  const service = createSigmaService(runtime, settings);
  try {
    const results = await runCheck(files, {
      service,
      settings,
      offline,
      cwd,
      verifyTarballs: values['verify-tarballs'] === true,
      onProgress: showProgress ? (done, total) => process.stderr.write(`\rChecking dependencies… ${done}/${total}`) : undefined,
    });
    if (showProgress) process.stderr.write('\r\u001b[K');
    const baseline = baselineKeys && applyBaseline(results, baselineKeys);
    const shown = baseline ? baseline.results : results;
    // Decided before any output: the SARIF log records the exit code (invocations).
    const unreadable = results.flatMap((r) => (r.check.lockfileProblem !== undefined ? [{ manifest: r.path, reason: r.check.lockfileProblem }] : []));
    const verdict = exitVerdict(baseline ? baseline.gateDependencies : allDependencies(results), failOn, unreadable);
    const exitCode = verdict.code;
    const leftOut = baseline && baselineFile !== undefined ? { file: baselineFile, leftOut: baseline.leftOut } : undefined;
    if (format === 'json') {
      const report = jsonReport(shown) as Record<string, unknown>;
      process.stdout.write(`${JSON.stringify(leftOut ? { ...report, baseline: leftOut } : report, null, 2)}\n`);
    } else if (format === 'sarif') {
      process.stdout.write(`${JSON.stringify(sarifReport(shown, { toolVersion: VERSION, exitCode, baselineLeftOut: leftOut?.leftOut }), null, 2)}\n`);
    } else if (format === 'markdown') {
      process.stdout.write(markdownReport(shown, { baseline: leftOut }));
    } else {
      const tty = !!process.stdout.isTTY;
      const baselineText = baseline && leftOut ? { ...leftOut, statusInBaseline: baseline.statusInBaseline } : undefined;
      process.stdout.write(textReport(shown, { style: useColor(process.env, tty) ? COLOR : PLAIN, truncate: tty, offline, baseline: baselineText }));
    }
    await runtime.flush();
    if (verdict.incomplete.length > 0 || verdict.unreadableLockfiles.length > 0) process.stderr.write(describeIncomplete(verdict));
    return exitCode;
  } finally {
    await runtime.close();
  }
}

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'check':
        return await check(rest);
      case 'preview':
        return await runPreview(rest);
      case '--version':
      case '-v':
      case '-V':
        process.stdout.write(`${VERSION}\n`);
        return 0;
      case '--help':
      case '-h':
      case 'help':
        process.stdout.write(usage(rest[0] === 'check' || rest[0] === 'preview' ? rest[0] : undefined));
        return 0;
      default:
        throw new UsageError(command ? `unknown command ${JSON.stringify(command)}` : 'missing command');
    }
  } catch (err) {
    if (err instanceof UsageError) {
      // One line: what is wrong, and where the whole list of options is.
      const help = command === 'check' || command === 'preview' ? `sigma-trust ${command} --help` : 'sigma-trust --help';
      process.stderr.write(`sigma-trust: ${err.message} (see '${help}')\n`);
      return 2;
    }
    process.stderr.write(`sigma-trust: ${err instanceof Error ? err.message : String(err)}\n`);
    return 2;
  }
}

if (require.main === module) {
  tolerateClosedPipe(process.stdout);
  tolerateClosedPipe(process.stderr);
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`sigma-trust: ${String(err)}\n`);
      process.exitCode = 2;
    },
  );
}
