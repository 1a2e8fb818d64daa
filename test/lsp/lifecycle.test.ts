/**
 * What happens over time: work-done progress, edits (reuse without network, one request for one
 * changed version), lockfile changes, and the custom requests sigma/summary, sigma/stats,
 * sigma/refresh and sigma/verifyPackage.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { WorkDoneProgressBegin, WorkDoneProgressEnd, WorkDoneProgressReport } from 'vscode-languageserver-protocol';
import { RefreshRequest, StatsRequest, SummaryRequest, VerifyPackageRequest } from '../../shared/src/protocol';
import { byCode, range, startSession, text, type Session } from './session';

const TEXT = '{\n  "dependencies": {\n    "left-pad": "1.3.0",\n    "express": "4.19.2",\n    "minimist": "1.2.5"\n  }\n}\n';
const complete = (d: { diagnostics: Array<{ code?: unknown }> }): boolean => byCode(d.diagnostics as never, 'rejected').length === 1 && byCode(d.diagnostics as never, 'advisory').length === 1;

type Progress = { token: string | number; value: WorkDoneProgressBegin | WorkDoneProgressReport | WorkDoneProgressEnd };

describe('language server: progress, edits, lockfiles and custom requests', function () {
  let s: Session;
  let uri: string;
  beforeEach(async () => {
    s = await startSession();
    ({ uri } = await s.openAndWait('package.json', TEXT, complete));
  });
  afterEach(() => s.close());

  /** Opens a document whose lodash answer is held back, so results arrive in more than one batch. */
  async function progressOf(rel: string, doc: string, dependencies: number): Promise<Array<Progress['value']>> {
    s.registry.addFault({ endpoint: 'certificate', package: 'lodash', fault: { kind: 'latency', ms: 400 } });
    const first = s.client.progress.length;
    const mine = (): Progress[] => {
      const events = s.client.progress.slice(first) as Progress[];
      const begin = events.find((p) => p.value.kind === 'begin');
      return begin ? events.filter((p) => p.token === begin.token) : [];
    };
    await s.openAndWait(rel, doc, (d) => d.diagnostics.length > 0);
    await s.client.waitFor(() => mine().some((p) => p.value.kind === 'end'), `progress end for ${rel}`);
    const events = mine().map((p) => p.value);
    assert.deepEqual(events.map((v) => v.kind).filter((k, i, all) => all[i - 1] !== k), ['begin', 'report', 'end'], JSON.stringify(events));
    const begin = events[0] as WorkDoneProgressBegin;
    assert.equal(begin.title, 'SIGMA');
    assert.equal(begin.message, `Checking ${dependencies} dependencies in package.json`);
    const reports = events.filter((v): v is WorkDoneProgressReport => v.kind === 'report');
    assert.ok(reports.every((r) => r.message?.endsWith(`/${dependencies}`)), `reports count done/total: ${JSON.stringify(reports)}`);
    return events;
  }

  it('reports work-done progress: begin, reports, end on one token', async () => {
    await progressOf('p1/package.json', '{ "dependencies": { "lodash": "4.17.21", "left-pad": "1.3.0", "minimist": "1.2.5" } }', 3);
  });

  it('progress counts the same dependencies in its title and its reports, skipped ones included', async () => {
    await progressOf('p2/package.json', '{ "dependencies": { "lodash": "4.17.21", "left-pad": "1.3.0", "ui": "git+https://example.org/ui.git" } }', 3);
  });

  it('an edit that drops the one slow dependency ends the check: the summary stops saying "checking" and progress ends', async () => {
    // lodash's answer is held back, so the check is still running when the edit arrives; the edit's own
    // check needs no network (left-pad is known), so only the replaced check could have said it was over.
    s.registry.addFault({ endpoint: 'certificate', package: 'lodash', fault: { kind: 'latency', ms: 30_000 } });
    const slow = '{ "dependencies": { "lodash": "4.17.21", "left-pad": "1.3.0" } }';
    const first = s.client.progress.length;
    const { uri: other } = await s.openAndWait('slow/package.json', slow, (d) => byCode(d.diagnostics, 'rejected').length === 1);
    assert.equal((await s.client.connection.sendRequest(SummaryRequest.type)).checking, true, 'lodash is still being looked up');
    const from = s.client.notifications.length;
    await s.client.change(other, '{ "dependencies": { "left-pad": "1.3.0" } }');
    await s.client.waitFor(() => s.client.notifications.slice(from).some((n) => n.method === 'sigma/summaryChanged' && (n.params as { checking: boolean }).checking === false), 'the summary to stop checking');
    assert.equal((await s.client.connection.sendRequest(SummaryRequest.type)).checking, false);
    const events = s.client.progress.slice(first) as Progress[];
    const begins = events.filter((p) => p.value.kind === 'begin').map((p) => p.token);
    assert.ok(begins.length > 0, 'the slow check showed progress');
    for (const token of begins) assert.ok(events.some((p) => p.token === token && p.value.kind === 'end'), `progress ${String(token)} ended`);
  });

  it('an edit that changes no dependency makes no request and republishes with shifted ranges', async () => {
    s.registry.clearLog();
    const version = await s.client.change(uri, `\n${TEXT}`);
    const published = await s.client.waitForDiagnostics(uri, (d) => d.version === version && complete(d), 'republish after the edit');
    assert.deepEqual(byCode(published.diagnostics, 'rejected')[0].range, range(3, 4, 23));
    const summary = await s.client.connection.sendRequest(SummaryRequest.type);
    assert.equal(summary.checking, false, 'nothing left to check');
    assert.deepEqual(s.registry.requests.map((r) => r.rawPath), []);
  });

  it('an edit changing one version makes exactly one new certificate request', async () => {
    s.registry.clearLog();
    const version = await s.client.change(uri, TEXT.replace('"express": "4.19.2"', '"express": "4.18.2"'));
    const published = await s.client.waitForDiagnostics(uri, (d) => d.version === version && d.diagnostics.some((x) => x.code === 'security-level' && text(x).startsWith('express 4.18.2')), 'express 4.18.2 checked');
    assert.equal(byCode(published.diagnostics, 'rejected').length, 1, 'unchanged left-pad still shown');
    assert.deepEqual(
      s.registry.requests.filter((r) => r.endpoint === 'certificate').map((r) => `${r.package}@${r.version}`),
      ['express@4.18.2'],
    );
    assert.deepEqual(s.registry.requests.filter((r) => r.package !== 'express').map((r) => r.rawPath), [], 'nothing about unchanged dependencies');
  });

  it('a lockfile change (workspace/didChangeWatchedFiles) re-checks with the new pin', async () => {
    const file = fileURLToPath(uri);
    const lock = path.join(path.dirname(file), 'package-lock.json');
    const lockfile = (v: string): string => JSON.stringify({ name: 'x', lockfileVersion: 3, requires: true, packages: { '': { dependencies: { express: '^4.17.0' } }, 'node_modules/express': { version: v } } });
    fs.writeFileSync(lock, lockfile('4.17.1'));
    const ranged = TEXT.replace('"express": "4.19.2"', '"express": "^4.17.0"');
    const v = await s.client.change(uri, ranged);
    await s.client.waitForDiagnostics(uri, (d) => d.version === v && byCode(d.diagnostics, 'uncertified').some((x) => text(x).startsWith('express 4.17.1')), 'express 4.17.1 from the lockfile');
    fs.writeFileSync(lock, lockfile('4.19.2'));
    await s.client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: new URL(`file://${lock}`).href, type: 2 }] });
    await s.client.waitForDiagnostics(uri, (d) => !d.diagnostics.some((x) => text(x).startsWith('express')) && complete(d), 'express 4.19.2 after the lockfile changed');
    const summary = await s.client.connection.sendRequest(SummaryRequest.type);
    const express = summary.dependencies.find((d) => d.name === 'express')!;
    assert.deepEqual([express.version, express.resolvedFrom, express.status], ['4.19.2', 'lockfile', 'approved']);
  });

  it('sigma/summary counts every open manifest\'s dependencies by status', async () => {
    const summary = await s.client.connection.sendRequest(SummaryRequest.type);
    assert.equal(summary.checking, false);
    assert.deepEqual(summary.counts, { approved: 1, conditional: 0, rejected: 1, uncertified: 1, error: 0, unresolved: 0, skipped: 0 });
    const leftPad = summary.dependencies.find((d) => d.name === 'left-pad')!;
    assert.equal(leftPad.uri, uri);
    assert.deepEqual(leftPad.range, range(2, 4, 23));
    assert.equal(leftPad.certificateId, 'pkg_npm_leftpad_130');
    assert.equal(leftPad.certificateUrl, `${s.registry.url}/api/v1/public/packages/npm/left-pad/1.3.0/verify`);
    assert.equal(summary.dependencies.find((d) => d.name === 'minimist')!.advisoryCount, 1);
  });

  it('sigma/stats answers the registry statistics', async () => {
    const stats = await s.client.connection.sendRequest(StatsRequest.type, { uri });
    assert.ok(stats.ok, JSON.stringify(stats));
    assert.equal(stats.stats.totalPackagesCertified, s.registry.data.stats.totalPackagesCertified);
    assert.ok(stats.stats.coverage.npm && stats.stats.coverage.pypi);
  });

  it('sigma/refresh drops caches and re-checks every open manifest', async () => {
    s.registry.clearLog();
    const before = s.client.publishLog.length;
    await s.client.connection.sendRequest(RefreshRequest.type);
    await s.registry.waitForRequest((r) => r.endpoint === 'certificate' && r.package === 'left-pad');
    await s.client.waitFor(() => s.client.publishLog.slice(before).some((p) => p.params.uri === uri && complete(p.params)), 'republish after refresh');
    assert.deepEqual(s.registry.requests.filter((r) => r.endpoint === 'certificate').map((r) => r.package).sort(), ['express', 'left-pad', 'minimist']);
  });

  it('sigma/verifyPackage checks any version with the verify payload', async () => {
    const result = await s.client.connection.sendRequest(VerifyPackageRequest.type, { registry: 'npm', name: 'lodash', version: '4.17.20' });
    assert.equal(result.status, 'approved');
    assert.equal(result.certificateUrl, `${s.registry.url}/api/v1/public/packages/npm/lodash/4.17.20/verify`);
    assert.match(result.markdown, /- File set hash: `0102c91e/);
    assert.match(result.markdown, /- Council round: `round_2026_02_b`/);
    const missing = await s.client.connection.sendRequest(VerifyPackageRequest.type, { registry: 'pypi', name: 'Django', version: '4.2.11' });
    assert.equal(missing.status, 'uncertified');
  });
});
