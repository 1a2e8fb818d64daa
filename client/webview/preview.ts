/**
 * The draft preview panel's page: totals, costs, transitive figures and the itemised quote as a
 * sortable table. Data arrives by postMessage; every string from the network is appended as text.
 */
import '@vscode-elements/elements/dist/vscode-badge/index.js';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-progress-ring/index.js';
import type { PreviewFailure, PreviewModel, PreviewRow } from '../src/view/previewModel';
import { nextSort, sortRows, type SortColumn, type SortDirection } from '../src/view/sortRows';
import { workspaceNote, type TreeFigure } from '../src/view/treeComparison';
import type { PreviewFromWebview, PreviewPanelState, PreviewToWebview } from '../src/view/webviewMessages';
import { button, el, formatCount, formatTime, formatUsd, probe, render, vscodeApi } from './dom';

const vscode = vscodeApi<PreviewPanelState>();
const post = (message: PreviewFromWebview): void => vscode.postMessage(message);

let model: PreviewModel | undefined;
let sort: { column: SortColumn; direction: SortDirection } | undefined;

const COLUMNS: { column: SortColumn; label: string; numeric?: boolean }[] = [
  { column: 'package', label: 'Package' },
  { column: 'version', label: 'Version' },
  { column: 'registry', label: 'Registry' },
  { column: 'type', label: 'Type' },
  { column: 'status', label: 'Status' },
  { column: 'tier', label: 'Tier' },
  { column: 'price', label: 'Price', numeric: true },
  { column: 'workspace', label: 'Workspace' },
];

/** Known statuses get a colour; any other is shown verbatim in the neutral badge. */
const STATUS_CLASS: Record<string, string> = { CERTIFIED: 'ok', TO_AUDIT: 'warn', REJECTED: 'bad', UNCERTIFIED: 'unknown' };

function header(draftId: string, detail: string): HTMLElement {
  return el(
    'header',
    { class: 'bar' },
    el('div', {}, el('h1', {}, 'Draft package quote'), el('p', { class: 'muted' }, 'Draft ', el('code', {}, draftId), detail)),
    button('Refresh', () => post({ type: 'refresh' })),
  );
}

function figure(label: string, value: string, tone = '', note?: HTMLElement): HTMLElement {
  return el('div', { class: `figure ${tone}` }, el('dt', {}, label), el('dd', {}, value), note);
}

/** A transitive figure's second line: the workspace's own count, marked ≠ when it differs. */
function treeNote(f: TreeFigure, pending: boolean): HTMLElement {
  return f.differs
    ? el('p', { class: 'figure-note diff' }, el('span', { class: 'mark', 'aria-hidden': 'true' }, '≠ '), workspaceNote(f, pending))
    : el('p', { class: 'figure-note muted' }, workspaceNote(f, pending));
}

function totals(m: PreviewModel): HTMLElement {
  const t = m.totals;
  return el(
    'section',
    { 'aria-label': 'Totals' },
    el(
      'dl',
      { class: 'figures' },
      figure('Packages', formatCount(t.packagesTotal)),
      figure('Certified from cache', formatCount(t.packagesCertifiedFromCache), 'ok'),
      figure('To audit', formatCount(t.packagesToAudit), 'warn'),
      figure('Rejected', formatCount(t.packagesRejected), (t.packagesRejected ?? 0) > 0 ? 'bad' : ''),
      figure('Uncertified', formatCount(t.packagesUncertified)),
    ),
    el(
      'dl',
      { class: 'figures' },
      figure('Savings from cache', formatUsd(t.savingsUsd), 'ok'),
      figure('Uncached cost', formatUsd(t.uncachedCostUsd)),
      figure('Transitive dependencies checked', formatCount(t.transitiveDependenciesChecked), '', treeNote(m.tree.checked, m.tree.workspacePending)),
      figure('Transitive uncertified', formatCount(t.transitiveDependenciesUncertified), (t.transitiveDependenciesUncertified ?? 0) > 0 ? 'warn' : '', treeNote(m.tree.uncertified, m.tree.workspacePending)),
    ),
  );
}

function workspaceCell(row: PreviewRow): HTMLElement {
  const d = row.diff;
  if (d.kind === 'same') return el('td', { class: 'diff-same' }, 'matches');
  if (d.kind === 'missing') return el('td', { class: 'diff' }, el('span', { class: 'mark', 'aria-hidden': 'true' }, '≠ '), 'not in workspace');
  const versions = d.workspaceVersions.map((v) => v ?? 'unresolved').join(', ');
  return el('td', { class: 'diff' }, el('span', { class: 'mark', 'aria-hidden': 'true' }, '≠ '), `workspace has ${versions}`);
}

function statusBadge(status: string): HTMLElement {
  return el('vscode-badge', { class: `status ${STATUS_CLASS[status.toUpperCase()] ?? 'other'}` }, status);
}

function row(r: PreviewRow): HTMLElement {
  const warnings = r.warnings.length > 0 ? el('ul', { class: 'warnings' }, ...r.warnings.map((w) => el('li', {}, w))) : undefined;
  const tr = el(
    'tr',
    r.diff.kind === 'same' ? {} : { class: 'differs' },
    el('th', { scope: 'row' }, el('span', { class: 'name' }, r.packageName), r.cached ? el('span', { class: 'muted small' }, ' cached') : undefined, warnings),
    el('td', {}, r.packageVersion),
    el('td', {}, r.registrySource),
    el('td', {}, r.dependencyType ?? '—'),
    el('td', {}, statusBadge(r.status)),
    el('td', {}, r.estimatedComplexityTier ?? '—'),
    el('td', { class: 'num' }, formatUsd(r.estimatedPriceUsd)),
    workspaceCell(r),
  );
  return tr;
}

function headerCell(c: (typeof COLUMNS)[number]): HTMLElement {
  const sorted = sort?.column === c.column ? sort.direction : undefined;
  const arrow = sorted === 'ascending' ? ' ▲' : sorted === 'descending' ? ' ▼' : '';
  // A real <button> in the header: focusable, and Enter/Space click it without extra code.
  const b = el('button', { type: 'button', class: 'sort', 'data-column': c.column }, c.label, el('span', { 'aria-hidden': 'true' }, arrow));
  b.addEventListener('click', () => {
    sort = nextSort(sort, c.column);
    draw();
    document.querySelector<HTMLButtonElement>(`button.sort[data-column="${c.column}"]`)?.focus();
  });
  return el('th', { scope: 'col', class: c.numeric ? 'num' : '', 'aria-sort': sorted ?? 'none' }, b);
}

function table(m: PreviewModel): HTMLElement {
  const rows = sort ? sortRows(m.rows, sort.column, sort.direction) : m.rows;
  return el(
    'table',
    { class: 'quote' },
    el('caption', {}, `Itemised quote (${m.rows.length} ${m.rows.length === 1 ? 'item' : 'items'}; click a column header to sort)`),
    el('thead', {}, el('tr', {}, ...COLUMNS.map(headerCell))),
    el('tbody', {}, ...rows.map(row)),
  );
}

function differences(m: PreviewModel): HTMLElement {
  if (!m.comparedWithWorkspace) {
    return el('p', { class: 'note' }, 'No manifest of this workspace has been checked yet: open one to compare the draft with what it resolves.');
  }
  const differing = m.rows.filter((r) => r.diff.kind !== 'same').length;
  const parts: Node[] = [el('p', { class: 'note' }, differing === 0 ? 'Every draft item matches the open workspace.' : `${differing} draft ${differing === 1 ? 'item differs' : 'items differ'} from what the open workspace resolves (marked ≠).`)];
  if (m.extras.length > 0) {
    parts.push(
      el('h2', {}, 'In the workspace, not in the draft'),
      el('ul', { class: 'extras' }, ...m.extras.map((x) => el('li', {}, `${x.registry}: `, el('span', { class: 'name' }, x.name), ` ${x.version ?? '(unresolved)'}`))),
    );
  }
  return el('section', { 'aria-label': 'Differences from the workspace' }, ...parts);
}

function drawPreview(m: PreviewModel): void {
  const omitted = m.omittedItems > 0 ? el('p', { class: 'note' }, `${m.omittedItems} more items were not shown.`) : undefined;
  render(header(m.draftId, ` · fetched at ${formatTime(m.fetchedAt)}`), totals(m), differences(m), table(m), ...(omitted ? [omitted] : []));
}

function drawFailure(f: PreviewFailure): void {
  const actions = f.actions.map((a) =>
    a === 'setToken'
      ? button('Set Token', () => post({ type: 'setToken' }))
      : a === 'openSettings'
        ? button('Open Settings', () => post({ type: 'openSettings' }))
        : button('Try Again', () => post({ type: 'refresh' }), f.actions.length > 1),
  );
  render(header(f.draftId, ''), el('section', { class: 'failure', role: 'alert' }, el('h2', {}, f.title), el('p', {}, f.message), el('div', { class: 'actions' }, ...actions)));
}

function draw(): void {
  if (model) drawPreview(model);
}

window.addEventListener('message', (event: MessageEvent<PreviewToWebview>) => {
  const message = event.data;
  switch (message.type) {
    case 'loading':
      vscode.setState({ draftId: message.draftId });
      render(header(message.draftId, ''), el('p', { class: 'loading' }, el('vscode-progress-ring', {}), ' Fetching the package preview…'));
      break;
    case 'preview':
      model = message.model;
      vscode.setState({ draftId: model.draftId });
      draw();
      break;
    case 'failure':
      model = undefined;
      vscode.setState({ draftId: message.failure.draftId });
      drawFailure(message.failure);
      break;
    case 'probe':
      post({ type: 'probeResult', id: message.id, result: probe() });
      break;
  }
});

post({ type: 'ready' });
