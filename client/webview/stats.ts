/**
 * The Registry Stats view's page: the registry's totals and, per registry and tier, how many of the
 * benchmark list SIGMA has certified, as a bar with the numbers written next to it.
 */
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-progress-ring/index.js';
import type { CoverageTier, RegistryStats } from '../../shared/src/protocol';
import type { StatsFromWebview, StatsToWebview } from '../src/view/webviewMessages';
import { button, el, formatCount, formatPercent, formatTime, formatUsd, probe, render, vscodeApi } from './dom';

const vscode = vscodeApi<unknown>();
const post = (message: StatsFromWebview): void => vscode.postMessage(message);

/** `top100` → 100; other tier names sort after the numbered ones, by name. */
function tierSize(tier: string): number {
  const m = /(\d+)/.exec(tier);
  return m ? Number(m[1]) : Number.POSITIVE_INFINITY;
}

function tierLabel(tier: string): string {
  const m = /^top(\d+)$/i.exec(tier);
  return m ? `Top ${m[1]}` : tier;
}

/** The share certified: `percent` when sent, else computed from the counts. */
function share(t: CoverageTier): number | undefined {
  if (t.percent !== undefined) return t.percent;
  if (t.tracked && t.certified !== undefined) return (100 * t.certified) / t.tracked;
  return undefined;
}

function bar(tier: string, t: CoverageTier): HTMLElement {
  const percent = share(t);
  const fill = el('div', { class: 'fill' });
  // CSSOM, not a style attribute: the CSP allows no inline styles.
  fill.style.width = `${Math.max(0, Math.min(100, percent ?? 0))}%`;
  return el(
    'li',
    { class: 'tier' },
    el('span', { class: 'tier-name' }, tierLabel(tier)),
    el('div', { class: 'track', 'aria-hidden': 'true' }, fill),
    el('span', { class: 'tier-value' }, `${formatCount(t.certified)} of ${formatCount(t.tracked)} · ${formatPercent(percent)}`),
  );
}

function coverage(stats: RegistryStats): HTMLElement[] {
  const registries = Object.keys(stats.coverage).sort();
  if (registries.length === 0) return [el('p', { class: 'note' }, 'No coverage figures in this snapshot.')];
  return registries.map((registry) => {
    const tiers = Object.entries(stats.coverage[registry] ?? {}).sort(([a], [b]) => tierSize(a) - tierSize(b) || a.localeCompare(b));
    return el(
      'section',
      { class: 'registry', 'aria-label': `${registry} coverage` },
      el('h3', {}, registry),
      tiers.length > 0 ? el('ul', { class: 'tiers' }, ...tiers.map(([tier, t]) => bar(tier, t))) : el('p', { class: 'note' }, 'No tiers reported.'),
    );
  });
}

function drawStats(stats: RegistryStats, fetchedAt: number, stale: boolean): void {
  render(
    el('p', { class: 'muted small' }, `Updated ${formatTime(fetchedAt)}`, stale ? ' · stale: SIGMA could not be reached, showing the last answer' : ''),
    el(
      'dl',
      { class: 'figures compact' },
      el('div', { class: 'figure' }, el('dt', {}, 'Packages certified'), el('dd', {}, formatCount(stats.totalPackagesCertified))),
      el('div', { class: 'figure' }, el('dt', {}, 'Submissions helped by the cache'), el('dd', {}, formatCount(stats.totalSubmissionsBenefitingFromCache))),
      el('div', { class: 'figure' }, el('dt', {}, 'Cost saved'), el('dd', {}, formatUsd(stats.totalCostSavedUsd))),
      el('div', { class: 'figure' }, el('dt', {}, 'Submissions with packages'), el('dd', {}, formatCount(stats.codeSubmissionsWithPackages))),
    ),
    el('h2', {}, 'Coverage of the most used packages'),
    ...coverage(stats),
  );
}

window.addEventListener('message', (event: MessageEvent<StatsToWebview>) => {
  const message = event.data;
  switch (message.type) {
    case 'loading':
      render(el('p', { class: 'loading' }, el('vscode-progress-ring', {}), ' Loading registry statistics…'));
      break;
    case 'stats':
      if (message.result.ok) drawStats(message.result.stats, message.result.fetchedAt, message.result.stale);
      else render(el('section', { class: 'failure', role: 'alert' }, el('p', {}, message.result.message), button('Try Again', () => post({ type: 'refresh' }))));
      break;
    case 'probe':
      post({ type: 'probeResult', id: message.id, result: probe() });
      break;
  }
});

post({ type: 'ready' });
