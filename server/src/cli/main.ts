/**
 * `sigma-trust`: the SIGMA Package Trust check for CI and terminals (interfaces.md §4).
 *   sigma-trust check [PATH ...] [options]     exit 0 clean, 1 when --fail-on is met, 2 usage/fatal, 3 incomplete
 *   sigma-trust preview DRAFT_ID [options]     the draft package-preview quote (token from SIGMA_TOKEN)
 */
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { formatHelpLines } from '../../../shared/src/formats';
import { normalizeSettings } from '../service/settings';
import { createSigmaService } from '../service';
import { createNodeRuntime } from '../node/runtime';
import { describeVersion } from '../service/features/findings';
import { stripControl } from '../service/features/terminalText';
import { exitVerdict, FAIL_ON_VALUES, type FailOn } from './failOn';
import { tolerateClosedPipe } from './closedPipe';
import { findManifests, UsageError } from './findManifests';
import { runPreview } from './preview';
import { runCheck } from './runCheck';
import { jsonReport } from './report/jsonReport';
import { allDependencies } from './report/reportModel';
import { sarifReport } from './report/sarifReport';
import { COLOR, PLAIN, textReport } from './report/textReport';

export const VERSION = '0.1.0';

export const USAGE = `Usage:
  sigma-trust check [PATH ...] [options]
  sigma-trust preview DRAFT_ID [--api-url URL] [--format text|json]

check options:
  --format text|json|sarif     report format (default text)
  --api-url URL                SIGMA API base URL (default https://api.soulbyte.tech)
  --npm-registry-url URL       npm registry (default https://registry.npmjs.org)
  --pypi-url URL               PyPI (default https://pypi.org)
  --no-advisory-fallback       do not read registry advisories when SIGMA has none
  --no-resolve-ranges          do not look up versions for ranges without a lockfile pin
  --fail-on LEVEL              rejected|warning|uncertified|never (default rejected)
  --offline                    use the cache only, no network
  --cache-dir DIR              persistent cache folder (default ~/.cache/sigma-package-trust)
  --max-concurrent-requests N  requests in flight per host (default 8)
  --timeout-ms N               time limit per request (default 10000)
  --verify-tarballs            download npm tarballs and compare them with the lockfile's integrity
                               and the certificate's distribution SHA-256

Files checked (a folder is searched for them):
${formatHelpLines().map((line) => `  ${line}`).join('\n')}

Exit codes (first match wins): 2 usage or fatal error; 1 --fail-on met; 3 the check is incomplete
(a package could not be checked: failed, cancelled or refused lookup, offline cache miss; not
--no-resolve-ranges) unless --fail-on never; 0 otherwise.
The preview command reads the developer token from the SIGMA_TOKEN environment variable.`;

/** Says on stderr why the run exits 3: which packages could not be checked, and why (at most ten). */
function describeIncomplete(list: ReturnType<typeof exitVerdict>['incomplete']): string {
  const lines = list.slice(0, 10).map(({ dependency, reason }) => `  ${stripControl(describeVersion(dependency.dependency, dependency.resolution.version))}: ${reason}`);
  if (list.length > 10) lines.push(`  … ${list.length - 10} more`);
  const n = list.length;
  return `sigma-trust: incomplete check — ${n} ${n === 1 ? 'package' : 'packages'} could not be checked (exit 3; --fail-on never ignores this):\n${lines.join('\n')}\n`;
}

function defaultCacheDir(): string {
  const base = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(base, 'sigma-package-trust');
}

function useColor(): boolean {
  if (process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== '') return false;
  if (process.env.FORCE_COLOR !== undefined && process.env.FORCE_COLOR !== '0') return true;
  return !!process.stdout.isTTY && process.env.TERM !== 'dumb';
}

function positiveInt(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new UsageError(`${flag} needs a positive whole number, got ${JSON.stringify(value)}`);
  return n;
}

async function check(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      format: { type: 'string', default: 'text' },
      'api-url': { type: 'string' },
      'npm-registry-url': { type: 'string' },
      'pypi-url': { type: 'string' },
      'no-advisory-fallback': { type: 'boolean', default: false },
      'no-resolve-ranges': { type: 'boolean', default: false },
      'fail-on': { type: 'string', default: 'rejected' },
      offline: { type: 'boolean', default: false },
      'cache-dir': { type: 'string' },
      'max-concurrent-requests': { type: 'string' },
      'timeout-ms': { type: 'string' },
      'verify-tarballs': { type: 'boolean', default: false },
    },
  });
  const format = values.format;
  if (!['text', 'json', 'sarif'].includes(format)) throw new UsageError(`--format must be text, json or sarif, got ${JSON.stringify(format)}`);
  const failOn = values['fail-on'] as FailOn;
  if (!FAIL_ON_VALUES.includes(failOn)) throw new UsageError(`--fail-on must be one of ${FAIL_ON_VALUES.join(', ')}, got ${JSON.stringify(failOn)}`);
  const settings = normalizeSettings({
    apiUrl: values['api-url'],
    npmRegistryUrl: values['npm-registry-url'],
    pypiUrl: values['pypi-url'],
    advisoryFallback: !values['no-advisory-fallback'],
    resolveRanges: !values['no-resolve-ranges'],
    maxConcurrentRequests: positiveInt(values['max-concurrent-requests'], '--max-concurrent-requests'),
    requestTimeoutMs: positiveInt(values['timeout-ms'], '--timeout-ms'),
  });
  const files = await findManifests(positionals);
  const cwd = process.cwd();
  const showProgress = !!process.stderr.isTTY;
  const verbose = process.env.SIGMA_DEBUG === '1';
  const runtime = createNodeRuntime({
    cacheDir: values['cache-dir'] ?? defaultCacheDir(),
    settings,
    logger: verbose ? { info: (m) => process.stderr.write(`${m}\n`), warn: (m) => process.stderr.write(`${m}\n`), error: (m) => process.stderr.write(`${m}\n`) } : undefined,
  });
  const service = createSigmaService(runtime, settings);
  try {
    const results = await runCheck(files, {
      service,
      settings,
      offline: values.offline,
      cwd,
      verifyTarballs: values['verify-tarballs'],
      onProgress: showProgress ? (done, total) => process.stderr.write(`\rChecking dependencies… ${done}/${total}`) : undefined,
    });
    if (showProgress) process.stderr.write('\r\u001b[K');
    const deps = allDependencies(results);
    if (format === 'json') process.stdout.write(`${JSON.stringify(jsonReport(results), null, 2)}\n`);
    else if (format === 'sarif') process.stdout.write(`${JSON.stringify(sarifReport(results, VERSION), null, 2)}\n`);
    else process.stdout.write(textReport(results, useColor() ? COLOR : PLAIN));
    await runtime.flush();
    const verdict = exitVerdict(deps, failOn);
    if (verdict.incomplete.length > 0) process.stderr.write(describeIncomplete(verdict.incomplete));
    return verdict.code;
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
        process.stdout.write(`${VERSION}\n`);
        return 0;
      case '--help':
      case '-h':
      case 'help':
        process.stdout.write(`${USAGE}\n`);
        return 0;
      default:
        throw new UsageError(command ? `unknown command ${JSON.stringify(command)}` : 'missing command');
    }
  } catch (err) {
    if (err instanceof UsageError || (err instanceof TypeError && 'code' in err && String((err as { code: unknown }).code).startsWith('ERR_PARSE_ARGS'))) {
      process.stderr.write(`sigma-trust: ${err.message}\n\n${USAGE}\n`);
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
