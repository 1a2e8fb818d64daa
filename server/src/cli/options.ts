/**
 * The command line's flags, declared once: the same table drives `parseArgs`, `--help` (one line per
 * flag) and the one-line usage errors (docs/ci.md, "Command line").
 */
import { parseArgs } from 'node:util';
import { formatHelpLines } from '../../../shared/src/formats';
import { parseUrl } from '../../../shared/node/http/urlPolicy';
import { UsageError } from './findManifests';

export type Command = 'check' | 'preview';

export interface Flag {
  name: string;
  /** The placeholder of the flag's value, or undefined for a switch. */
  value?: string;
  short?: string;
  /** The flag may be given several times; its value is then the list of every value, in order. */
  multiple?: boolean;
  help: string;
}

export const CHECK_FLAGS: readonly Flag[] = [
  { name: 'format', value: 'FORMAT', help: 'text|json|sarif|markdown (default text)' },
  { name: 'fail-on', value: 'LEVEL', help: 'rejected|warning|uncertified|never: what makes the exit code 1 (default rejected)' },
  { name: 'baseline', value: 'REPORT.json', help: 'report and fail only on findings not in this earlier --format json report' },
  { name: 'api-url', value: 'URL', help: 'SIGMA API base URL (default https://api.soulbyte.tech)' },
  { name: 'npm-registry-url', value: 'URL', help: 'npm registry (default https://registry.npmjs.org)' },
  { name: 'pypi-url', value: 'URL', help: 'PyPI (default https://pypi.org)' },
  { name: 'no-advisory-fallback', help: 'do not read registry advisories when SIGMA has none' },
  { name: 'no-resolve-ranges', help: 'do not look up versions for ranges without a lockfile pin' },
  { name: 'offline', help: 'use the cache only, no network' },
  { name: 'cache-dir', value: 'DIR', help: 'persistent cache folder (default ~/.cache/sigma-package-trust)' },
  { name: 'max-concurrent-requests', value: 'N', help: 'requests in flight per host (default 8)' },
  { name: 'timeout-ms', value: 'N', help: 'time limit per request in milliseconds (default 10000)' },
  { name: 'no-transitive', help: "check only the manifests' own entries, not every package the lockfile installs" },
  { name: 'verify-tarballs', help: "download npm tarballs and compare them with the lockfile's integrity and the certificate" },
  {
    name: 'allow-index-host',
    value: 'HOST[:PORT]',
    multiple: true,
    help: "a host (any port, or only PORT) a manifest's own index may be asked; repeatable",
  },
  { name: 'help', short: 'h', help: 'show this help' },
];

export const PREVIEW_FLAGS: readonly Flag[] = [
  { name: 'api-url', value: 'URL', help: 'SIGMA API base URL (default https://api.soulbyte.tech)' },
  { name: 'format', value: 'FORMAT', help: 'text|json (default text)' },
  { name: 'help', short: 'h', help: 'show this help' },
];

const FLAGS: Record<Command, readonly Flag[]> = { check: CHECK_FLAGS, preview: PREVIEW_FLAGS };

const SYNOPSIS: Record<Command, [string, string]> = {
  check: ['sigma-trust check [PATH ...] [options]', 'check manifests (a PATH is a manifest or a folder, default .)'],
  preview: ['sigma-trust preview DRAFT_ID [options]', 'the draft package-preview quote (token from SIGMA_TOKEN)'],
};
const VERSION_LINE: [string, string] = ['sigma-trust --version', 'print the version'];

const EXIT_CODES = `Exit codes (first match wins): 2 usage or fatal error; 1 --fail-on met; 3 the check is incomplete
(a package could not be checked: failed, cancelled or refused lookup, offline cache miss; not
--no-resolve-ranges) unless --fail-on never; 0 otherwise.`;

function flagLines(flags: readonly Flag[]): string[] {
  const left = flags.map((f) => `${f.short ? `-${f.short}, ` : ''}--${f.name}${f.value ? ` ${f.value}` : ''}`);
  const width = Math.max(...left.map((l) => l.length));
  return flags.map((f, i) => `  ${left[i].padEnd(width)}  ${f.help}`);
}

/** `sigma-trust --help` (no command) or `sigma-trust COMMAND --help`. */
export function usage(command?: Command): string {
  const commands: Command[] = command ? [command] : ['check', 'preview'];
  const synopsis = [...commands.map((c) => SYNOPSIS[c]), ...(command ? [] : [VERSION_LINE])];
  const width = Math.max(...synopsis.map(([left]) => left.length));
  const lines = ['Usage:', ...synopsis.map(([left, right]) => `  ${left.padEnd(width)}   ${right}`)];
  for (const c of commands) lines.push('', `${c} options:`, ...flagLines(FLAGS[c]));
  if (commands.includes('check')) lines.push('', 'Files checked (a folder is searched for them):', ...formatHelpLines().map((line) => `  ${line}`));
  lines.push('', EXIT_CODES);
  if (commands.includes('preview')) lines.push('The preview command reads the developer token from the SIGMA_TOKEN environment variable.');
  return `${lines.join('\n')}\n`;
}

/** Node's parser explains its errors at length; a usage error here is one line naming the flag. */
function rewriteParseError(err: unknown): Error {
  if (!(err instanceof TypeError) || !('code' in err)) return err instanceof Error ? err : new Error(String(err));
  const flag = /'(-[^' ]+)/.exec(err.message)?.[1] ?? '';
  switch ((err as { code: unknown }).code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return new UsageError(`unknown option ${flag}`);
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      if (/does not take an argument/.test(err.message)) return new UsageError(`${flag} takes no value`);
      return new UsageError(`${flag} needs a value`);
    default:
      return new UsageError(err.message.split('\n')[0]);
  }
}

export interface ParsedFlags {
  values: Record<string, string | boolean | string[] | undefined>;
  positionals: string[];
}

export function parseFlags(command: Command, argv: string[]): ParsedFlags {
  const options = Object.fromEntries(FLAGS[command].map((f) => [f.name, { type: f.value ? ('string' as const) : ('boolean' as const), ...(f.short ? { short: f.short } : {}), ...(f.multiple ? { multiple: true } : {}) }]));
  try {
    // Only flags with a value are `multiple` in the table, so a repeated flag is a list of strings.
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true }) as ParsedFlags;
  } catch (err) {
    throw rewriteParseError(err);
  }
}

/**
 * A URL flag is checked before anything runs: a typo must not silently fall back to the default
 * service. Which hosts may be reached over plain HTTP is the HTTP layer's rule (docs/security.md),
 * applied when a request is made.
 */
export function urlFlag(value: string | boolean | string[] | undefined, flag: string): string | undefined {
  if (typeof value !== 'string') return undefined;
  const url = parseUrl(value);
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:') || !url.hostname) {
    throw new UsageError(`--${flag} must be an http(s) URL such as https://api.soulbyte.tech, got ${JSON.stringify(value)}`);
  }
  return value;
}
