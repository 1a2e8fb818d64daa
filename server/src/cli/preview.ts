/**
 * `sigma-trust preview DRAFT_ID`: the draft package-preview quote. The token comes only from the
 * SIGMA_TOKEN environment variable and is only sent to the API origin (by fetchDraftPreview).
 */
import { fetchDraftPreview, type DraftPreview } from '../../../shared/src/preview';
import { normalizeSettings } from '../service/settings';
import { createHttpClient } from '../../../shared/node/http/httpClient';
import { destinationsFor } from '../../../shared/src/destinations';
import { UsageError } from './findManifests';
import { parseFlags, urlFlag, usage } from './options';

function money(n: number | undefined): string {
  return n === undefined ? '-' : `$${n.toFixed(2)}`;
}

function count(n: number | undefined): string {
  return n === undefined ? '-' : String(n);
}

/** Terminal text must not carry control characters from the network. */
function clean(s: string): string {
  return s.replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ');
}

export function previewText(draftId: string, p: DraftPreview): string {
  const lines = [
    `Draft ${clean(draftId)}: package-preview quote`,
    `  packages ${count(p.packagesTotal)}, certified from cache ${count(p.packagesCertifiedFromCache)}, to audit ${count(p.packagesToAudit)}, rejected ${count(p.packagesRejected)}, uncertified ${count(p.packagesUncertified)}`,
    `  transitive dependencies checked ${count(p.transitiveDependenciesChecked)}, uncertified ${count(p.transitiveDependenciesUncertified)}`,
    `  savings ${money(p.savingsUsd)}, uncached cost ${money(p.uncachedCostUsd)}`,
    '',
  ];
  for (const item of p.items) {
    const cached = item.cached ? 'cached' : 'uncached';
    lines.push(`  ${clean(item.registrySource)}:${clean(item.packageName)} ${clean(item.packageVersion)}  ${clean(item.status)}  ${cached}  ${clean(item.estimatedComplexityTier ?? '')}  ${money(item.estimatedPriceUsd)}`);
    for (const w of item.warnings) lines.push(`      ⚠ ${clean(w)}`);
  }
  return lines.join('\n') + '\n';
}

export async function runPreview(argv: string[]): Promise<number> {
  const { values, positionals } = parseFlags('preview', argv);
  if (values.help) {
    process.stdout.write(usage('preview'));
    return 0;
  }
  const format = typeof values.format === 'string' ? values.format : 'text';
  const draftId = positionals[0];
  if (!draftId || positionals.length > 1) throw new UsageError('preview takes exactly one DRAFT_ID');
  if (format !== 'text' && format !== 'json') throw new UsageError(`--format must be text or json, got ${JSON.stringify(format)}`);
  const apiUrl = urlFlag(values['api-url'], 'api-url');
  const token = process.env.SIGMA_TOKEN ?? '';
  if (!token.trim()) {
    process.stderr.write('sigma-trust: no developer token: set the SIGMA_TOKEN environment variable.\n');
    return 2;
  }
  const settings = normalizeSettings({ apiUrl });
  // The token's request goes to the API origin only (docs/security.md): nothing else is a destination.
  const destinations = destinationsFor({ apiUrl: settings.apiUrl, npmRegistryUrl: settings.apiUrl, pypiUrl: settings.apiUrl, allowedIndexHosts: [] });
  const http = createHttpClient({ sensitiveHeaders: ['authorization'], userAgent: 'sigma-package-trust/0.1.0', destinations });
  try {
    const result = await fetchDraftPreview(http, settings.apiUrl, draftId, token);
    if (!result.ok) {
      process.stderr.write(`sigma-trust: ${result.message}\n`);
      return 2;
    }
    process.stdout.write(format === 'json' ? `${JSON.stringify(result.preview, null, 2)}\n` : previewText(draftId, result.preview));
    return 0;
  } finally {
    await http.close();
  }
}
