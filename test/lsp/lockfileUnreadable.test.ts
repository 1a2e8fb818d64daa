/**
 * A lockfile that is present but cannot be read is never silent (docs/language-server.md): the manifest gets
 * one `lockfile-unreadable` warning naming the file and why, its ranges are checked instead, and
 * fixing the lockfile on disk (a watched-file change) brings its pins back and the warning goes.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { DiagnosticSeverity, type PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { SummaryRequest } from '../../shared/src/protocol';
import { byCode, range, startSession, text, type Session } from './session';

const MANIFEST = '{\n  "name": "app",\n  "dependencies": {\n    "express": "^4.17.0"\n  }\n}\n';
const checked = (d: PublishDiagnosticsParams): boolean => byCode(d.diagnostics, 'lockfile-unreadable').length === 1 && d.diagnostics.some((x) => text(x).startsWith('express'));

describe('language server: lockfile-unreadable', () => {
  let s: Session;
  beforeEach(async () => {
    s = await startSession();
  });
  afterEach(() => s.close());

  async function express(uri: string): Promise<[string | null, string | null]> {
    const summary = await s.client.connection.sendRequest(SummaryRequest.type);
    const dep = summary.dependencies.find((d) => d.uri === uri && d.name === 'express');
    return [dep?.version ?? null, dep?.resolvedFrom ?? null];
  }

  it('bun.lockb alone: one warning with the command that writes bun.lock; the range is checked instead', async () => {
    s.write('bun/bun.lockb', '\u0000\u0001bun-lockfile-format-v0\n\u0002\u0003');
    const from = s.client.notifications.length;
    const { uri, diagnostics } = await s.openAndWait('bun/package.json', MANIFEST, (d) => byCode(d.diagnostics, 'lockfile-unreadable').length === 1);
    // The range resolves to 4.19.2 (approved, no diagnostic of its own): wait for the check to finish.
    await s.client.waitFor(() => s.client.notifications.slice(from).some((n) => n.method === 'sigma/summaryChanged' && (n.params as { checking: boolean }).checking === false), 'the check to finish');
    const [warning] = byCode(diagnostics, 'lockfile-unreadable');
    assert.equal(byCode(diagnostics, 'lockfile-unreadable').length, 1);
    assert.equal(warning.severity, DiagnosticSeverity.Warning);
    assert.equal(warning.source, 'sigma');
    assert.deepEqual(warning.range, range(0, 0, 0));
    assert.match(text(warning), /^bun\.lockb could not be read, so this file's ranges are used instead: .*`bun install --save-text-lockfile`.*bun\.lock/);
    assert.deepEqual(await express(uri), ['4.19.2', 'registry']);
  });

  it('pnpm-lock.yaml with two YAML documents; fixed on disk, its pin comes back and the warning goes', async () => {
    const lock = path.join(s.dir, 'pnpm', 'pnpm-lock.yaml');
    s.write('pnpm/pnpm-lock.yaml', "lockfileVersion: '9.0'\n---\nlockfileVersion: '9.0'\n");
    const { uri, diagnostics } = await s.openAndWait('pnpm/package.json', MANIFEST.replace('^4.17.0', '4.18.2'), checked);
    assert.match(text(byCode(diagnostics, 'lockfile-unreadable')[0]), /^pnpm-lock\.yaml could not be read, so this file's ranges are used instead: The file holds 2 YAML documents; a lockfile has one \(line 2\)\.$/);
    assert.deepEqual(await express(uri), ['4.18.2', 'exact']);
    fs.writeFileSync(
      lock,
      [
        "lockfileVersion: '9.0'", '', 'importers:', '', '  .:', '    dependencies:', '      express:', '        specifier: 4.18.2', '        version: 4.18.2', '',
        'packages:', '', '  express@4.18.2:', '    resolution: {integrity: sha512-x}', '', 'snapshots:', '', '  express@4.18.2: {}', '',
      ].join('\n'),
    );
    await s.client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(lock).href, type: 2 }] });
    const fixed = await s.client.waitForDiagnostics(uri, (d) => byCode(d.diagnostics, 'lockfile-unreadable').length === 0 && d.diagnostics.some((x) => text(x).startsWith('express 4.18.2')), 'the warning gone after the fix');
    assert.deepEqual(byCode(fixed.diagnostics, 'lockfile-unreadable'), []);
    assert.deepEqual(await express(uri), ['4.18.2', 'lockfile']);
  });

  it('an unknown yarn Berry version and a corrupt package-lock.json each name the file and why', async () => {
    s.write('berry/yarn.lock', '__metadata:\n  version: 99\n  cacheKey: 10\n');
    const berry = await s.openAndWait('berry/package.json', MANIFEST.replace('^4.17.0', '4.18.2'), checked);
    assert.match(text(byCode(berry.diagnostics, 'lockfile-unreadable')[0]), /^yarn\.lock could not be read, so this file's ranges are used instead: Unknown yarn Berry lockfile version 99 \(this version reads 3 to 8\); it was not read( \(line 2\))?\.$/);
    s.write('npm/package-lock.json', '{\n  "lockfileVersion": 3,\n  "packages": {\n    "node_modules/express": {\n');
    const npm = await s.openAndWait('npm/package.json', MANIFEST.replace('^4.17.0', '4.18.2'), checked);
    assert.match(text(byCode(npm.diagnostics, 'lockfile-unreadable')[0]), /^package-lock\.json could not be read, so this file's ranges are used instead: .+ \(line \d+\)\./);
  });
});
