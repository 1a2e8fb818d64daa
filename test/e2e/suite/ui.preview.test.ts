// The draft preview panel against the local registry's drafts (test/fixtures/registry/drafts.json):
// token handling, totals, workspace differences, every failure, and hostile text shown as text.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { PreviewPanelSnapshot } from '../../../client/src/preview/previewPanel';
import { openDocument, requestScreenshot } from './helpers';
import { sigmaApi, waitForRendered, waitForSummary } from './ui.api';

/** Set by the code-server runner: the local registry's developer token. */
const TOKEN = process.env.SIGMA_E2E_REGISTRY_TOKEN;
const HOSTILE_NAME = '<img src=x onerror=alert(1)>';

function preview(draftId: string): Promise<PreviewPanelSnapshot> {
  return Promise.resolve(vscode.commands.executeCommand<PreviewPanelSnapshot>('sigma.previewDraft', draftId));
}

suite('ui: draft preview', () => {
  suiteSetup(async function () {
    if (!TOKEN) this.skip();
    this.timeout(120_000);
    const api = await sigmaApi();
    await openDocument('web-app/package.json');
    await waitForSummary(api, (s) => !s.checking && s.dependencies.some((d) => d.name === 'axios' && d.version !== null));
  });

  test('a refused token: the panel says so and offers Set Token; the token is in no state', async () => {
    const api = await sigmaApi();
    await vscode.commands.executeCommand('sigma.clearToken');
    assert.equal(await api.hasToken(), false);
    assert.equal(await vscode.commands.executeCommand('sigma.setToken', 'not-the-token'), true);
    const state = await preview('draft_web_app_42');
    assert.equal(state.phase, 'failure');
    assert.equal(state.failure?.kind, 'unauthorized');
    assert.deepEqual(state.failure?.actions, ['setToken', 'retry']);
    assert.match(state.failure?.message ?? '', /HTTP 403/);
    const rendered = await waitForRendered(() => api.previewRendered(), (r) => r.text.includes('Developer token needed'));
    assert.ok(rendered.text.includes('Set Token'));
    assert.ok(!JSON.stringify(state).includes('not-the-token'), 'no token in the panel state');
    assert.ok(!rendered.text.includes('not-the-token'), 'no token on the page');
  });

  test('a token with a line break is refused before it is stored', async () => {
    assert.equal(await vscode.commands.executeCommand('sigma.setToken', 'abc\ndef'), false);
  });

  test('draft_web_app_42: totals, items, and what differs from the open workspace', async () => {
    const api = await sigmaApi();
    assert.equal(await vscode.commands.executeCommand('sigma.setToken', TOKEN), true);
    const state = await preview('draft_web_app_42');
    assert.equal(state.phase, 'preview', JSON.stringify(state.failure));
    const model = state.model!;
    assert.deepEqual(model.totals, {
      packagesTotal: 8,
      packagesCertifiedFromCache: 4,
      packagesToAudit: 1,
      packagesRejected: 1,
      packagesUncertified: 1,
      transitiveDependenciesChecked: 57,
      transitiveDependenciesUncertified: 12,
      savingsUsd: 14,
      uncachedCostUsd: 6.5,
    });
    assert.equal(model.rows.length, 8);
    const diff = Object.fromEntries(model.rows.map((r) => [r.packageName, r.diff.kind]));
    assert.deepEqual(diff, {
      express: 'same',
      lodash: 'same',
      axios: 'version', // the lockfile has 1.6.7
      chalk: 'same',
      '@types/node': 'same',
      'left-pad': 'same',
      minimist: 'same',
      [HOSTILE_NAME]: 'missing',
    });
    const axios = model.rows.find((r) => r.packageName === 'axios')!;
    assert.deepEqual(axios.diff, { kind: 'version', workspaceVersions: ['1.6.7'] });
    assert.deepEqual(model.extras.map((x) => x.name).sort(), ['debug', 'esbuild', 'ms', 'typescript']);
    // The draft's transitive figures beside the workspace's whole tree, once that tree is checked.
    const summary = await waitForSummary(api, (s) => s.tree !== undefined && s.tree.pending === 0);
    const settled = await preview('draft_web_app_42');
    const tree = settled.model!.tree;
    assert.deepEqual(tree.checked, { draft: 57, workspace: summary.tree!.packages, differs: summary.tree!.packages !== 57 });
    assert.deepEqual(tree.uncertified, { draft: 12, workspace: summary.tree!.counts.uncertified, differs: summary.tree!.counts.uncertified !== 12 });

    const rendered = await waitForRendered(() => api.previewRendered(), (r) => r.text.includes('Itemised quote'));
    for (const text of ['Packages', 'Certified from cache', 'To audit', '$14.00', '$6.50', 'Transitive dependencies checked', '57', `workspace: ${summary.tree!.packages}`, 'workspace has 1.6.7', 'not in workspace', 'QUEUED_FOR_COUNCIL', 'In the workspace, not in the draft']) {
      assert.ok(rendered.text.includes(text), `panel shows ${JSON.stringify(text)}`);
    }
    assert.equal(rendered.counts.tr, 9, 'a header row and one row per item');
    assert.equal(rendered.counts['vscode-badge'], 8, 'one status badge per item');
    assert.ok(!JSON.stringify(api.previewPanelState()).includes(TOKEN!), 'no token in the panel state');
    await requestScreenshot('ui-preview');
  });

  test('hostile names and warnings are shown as text and create no element', async () => {
    const api = await sigmaApi();
    const rendered = await waitForRendered(() => api.previewRendered(), (r) => r.text.includes('Itemised quote'));
    assert.ok(rendered.text.includes(HOSTILE_NAME), 'the hostile package name is shown verbatim');
    assert.ok(rendered.text.includes('0.0.1<script>alert(2)</script>'), 'the hostile version is shown verbatim');
    assert.ok(rendered.text.includes('[click](command:workbench.action.quit)'), 'a Markdown command link stays text');
    assert.ok(rendered.text.includes('object warning'), 'an object warning is shown as text');
    assert.equal(rendered.counts.img ?? 0, 0, 'no <img> element');
    assert.equal(rendered.counts.script ?? 0, 0, 'no <script> element');
    assert.equal(rendered.counts.a ?? 0, 0, 'no link');
    assert.equal(rendered.handlers, 0, 'no element with an on… attribute');
  });

  test('enabled: false says the preview is not enabled for the account', async () => {
    const api = await sigmaApi();
    const state = await preview('draft_disabled');
    assert.equal(state.failure?.kind, 'disabled');
    const rendered = await waitForRendered(() => api.previewRendered(), (r) => r.text.includes('Package preview not enabled'));
    assert.match(rendered.text, /not enabled for this account/);
  });

  test('an unknown draft is a clear 404 message', async () => {
    const api = await sigmaApi();
    const state = await preview('draft_nope_404');
    assert.equal(state.failure?.kind, 'not-found');
    assert.match(state.failure?.message ?? '', /No draft "draft_nope_404" was found/);
    await waitForRendered(() => api.previewRendered(), (r) => r.text.includes('Draft not found'));
  });

  test('a PyPI draft compares by normalised names', async () => {
    const state = await preview('draft_data_service_7');
    assert.equal(state.phase, 'preview');
    // data-service is not open: every item is missing from the checked workspace.
    assert.deepEqual(state.model!.rows.map((r) => r.diff.kind), ['missing', 'missing', 'missing']);
    await openDocument('data-service/requirements.txt');
    const api = await sigmaApi();
    await waitForSummary(api, () => {
      const rows = api.previewPanelState()?.model?.rows ?? [];
      return rows.length === 3 && rows.every((r) => r.diff.kind === 'same');
    });
  });
});
