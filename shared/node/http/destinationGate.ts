/**
 * The one check every request passes before it can reach the wire (docs/security.md, "What a
 * manifest may not decide"): the destination must be a configured origin or a host the user allowed,
 * and `${VAR}` references in a manifest's index URL are filled in here and nowhere else, only for a
 * host in `sigma.allowedIndexHosts`. Messages and logs show the URL as written, never a value.
 */
import type { HttpFailureKind } from '../../src/http';
import { ALLOW_SETTING, destinationRefusal, isAllowedIndexHost, type Destinations } from '../../src/destinations';
import { expandVariables, namesAsWritten, variablesIn } from '../../src/envTemplate';
import { displayUrl, parseUrl, urlRefusal } from './urlPolicy';

export interface GateInput {
  url: string;
  /** The URL is a requirements file's index URL whose `${VAR}` references pip would expand. */
  expandEnv?: boolean;
}

export type GateResult =
  | { ok: true; url: URL; shown: string; headers: Record<string, string> }
  | { ok: false; kind: HttpFailureKind; shown: string; detail: string };

/** The URL as it may appear in a message: origin and path, `${VAR}` as written (URL parsing escapes the braces). */
export function shownUrl(url: URL): string {
  return displayUrl(url).replace(/\$%7B([A-Z0-9_]+)%7D/g, '${$1}');
}

export function passGate(input: GateInput, destinations: Destinations | undefined, env: Readonly<Record<string, string | undefined>>): GateResult {
  const template = parseUrl(input.url);
  if (!template) return { ok: false, kind: 'other', shown: 'the URL', detail: 'not a valid URL' };
  const shown = shownUrl(template);
  if (destinations) {
    const refusal = destinationRefusal(template, destinations);
    if (refusal) return { ok: false, kind: 'not-allowed', shown, detail: refusal };
  }
  let url = template;
  const refs = input.expandEnv ? variablesIn(input.url) : [];
  if (refs.length > 0) {
    const names = namesAsWritten([...new Set(refs.map((r) => r.name))]);
    if (!destinations || !isAllowedIndexHost(template, destinations)) {
      return { ok: false, kind: 'not-allowed', shown, detail: `not contacted: this index URL carries ${names}, and environment values are sent only to hosts listed in ${ALLOW_SETTING} (user settings; CLI: --allow-index-host ${template.host})` };
    }
    const expanded = expandVariables(input.url, env);
    if ('missing' in expanded) return { ok: false, kind: 'unset-variable', shown, detail: `needs the environment variable ${namesAsWritten(expanded.missing)}, which is not set` };
    const filled = parseUrl(expanded.text);
    // A value holding `@`, `/` or `#` could move the request to another host: the host must stay the one allowed.
    if (!filled || filled.origin !== template.origin) return { ok: false, kind: 'not-allowed', shown, detail: `not contacted: the value of ${names} would change the index host` };
    url = filled;
  }
  const insecure = urlRefusal(url);
  if (insecure) return { ok: false, kind: 'insecure', shown, detail: insecure };
  return { ok: true, url, shown, headers: credentialsHeader(url) };
}

/**
 * `https://user:password@host/…` credentials as pip sends them (HTTP basic); the URL itself is sent
 * without them, so they never reach a log or a redirect target on another origin.
 */
function credentialsHeader(url: URL): Record<string, string> {
  if (url.username === '' && url.password === '') return {};
  const user = safeDecode(url.username);
  const password = safeDecode(url.password);
  return { authorization: `Basic ${Buffer.from(`${user}:${password}`, 'utf8').toString('base64')}` };
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
