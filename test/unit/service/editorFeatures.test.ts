/**
 * Diagnostics, hover, inlay hints and code actions, in process, through the service's entry point
 * (`createSigmaService`) with faked ports and each test's own registry data (test/helpers/ports.ts):
 * no language server, no socket. test/lsp keeps the wiring (the same features over a real connection).
 */
import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver-types';
import { createSigmaService, type SigmaService } from '../../../server/src/service';
import type { ManifestCheck } from '../../../server/src/service/checker';
import { normalizeSettings } from '../../../server/src/service/settings';
import { certificateUrl, npmPackumentUrl } from '../../../server/src/service/registryUrls';
import type { SigmaSettings } from '../../../server/src/service/settings';
import { npmDoc, seedCertificate } from '../../helpers/answers';
import { marked } from '../../helpers/marked';
import { FakeHttp, fakeRuntime } from '../../helpers/ports';

type Verdict = 'APPROVED' | 'REJECTED' | null;

/** One test's registry: npm name → version → SIGMA verdict (null: no certificate). */
type World = Record<string, Record<string, Verdict>>;

interface Opened {
  service: SigmaService;
  settings: SigmaSettings;
  doc: TextDocument;
  check: ManifestCheck;
  /** The «marked» ranges of the manifest, in order. */
  ranges: ReturnType<typeof marked>['ranges'];
  http: FakeHttp;
}

/** Checks a package.json written with «…» around each entry against `world`, through the entry point. */
async function open(world: World, source: string, raw: Record<string, unknown> = {}): Promise<Opened> {
  const settings = normalizeSettings({ advisoryFallback: false, ...raw });
  const http = new FakeHttp({ unmatched: 'not-found' });
  for (const [name, versions] of Object.entries(world)) {
    const list = Object.keys(versions);
    http.json(npmPackumentUrl(settings.npmRegistryUrl, name)!, npmDoc(name, Object.fromEntries(list.map((v) => [v, undefined])), { latest: list[list.length - 1] }));
    for (const [version, verdict] of Object.entries(versions)) {
      if (verdict === null) continue;
      const cert = seedCertificate({ registrySource: 'npm', packageName: name, packageVersion: version, councilVerdict: verdict, certificateId: `cert_${name}_${version}`, verifyEndpoint: undefined });
      http.json(certificateUrl(settings.apiUrl, 'npm', name, version), cert);
    }
  }
  const service = createSigmaService(fakeRuntime({ http }).runtime, settings);
  const { text, ranges } = marked(source);
  const doc = TextDocument.create('file:///w/package.json', 'json', 1, text);
  const manifest = await service.prepare({ uri: doc.uri, path: '/w/package.json', kind: 'package.json', text: () => text });
  assert.ok(manifest);
  const check = await service.check(manifest, { settings }).done;
  return { service, settings, doc, check, ranges, http };
}

const WORLD: World = {
  lodash: { '4.17.21': 'APPROVED' },
  evil: { '1.0.0': 'REJECTED', '1.0.1': 'APPROVED', '2.0.0': 'APPROVED' },
  ghost: { '1.0.0': null },
};

const MANIFEST = `{
  "dependencies": {
    «"lodash": "4.17.21"»,
    «"evil": "1.0.0"»,
    «"ghost": "1.0.0"»
  }
}
`;

const whole = { start: { line: 0, character: 0 }, end: { line: 100, character: 0 } };

describe('editor features through createSigmaService (in process)', () => {
  it('diagnostics: one per problem, on the entry, worded from the data; none for an approved version', async () => {
    const { service, check, ranges } = await open(WORLD, MANIFEST);
    const brief = service.diagnostics(check).map((d: Diagnostic) => ({ range: d.range, severity: d.severity, code: d.code, message: d.message, source: d.source }));
    assert.deepEqual(brief, [
      { range: ranges[1], severity: DiagnosticSeverity.Error, code: 'rejected', message: 'evil 1.0.0: SIGMA verdict REJECTED (certificate cert_evil_1.0.0)', source: 'sigma' },
      { range: ranges[2], severity: DiagnosticSeverity.Information, code: 'uncertified', message: 'ghost 1.0.0: not certified by SIGMA', source: 'sigma' },
    ]);
  });

  it('diagnostics follow the settings: sigma.uncertifiedSeverity none drops the uncertified one', async () => {
    const { service, check } = await open(WORLD, MANIFEST, { uncertifiedSeverity: 'none' });
    assert.deepEqual(service.diagnostics(check).map((d) => d.code), ['rejected']);
  });

  it('hover: the card of the entry under the cursor, over its range; nothing between entries', async () => {
    const { service, check, settings, ranges } = await open(WORLD, MANIFEST);
    const inside = { line: ranges[1].start.line, character: ranges[1].start.character + 3 };
    const hover = await service.hover(check, inside, settings);
    assert.ok(hover);
    assert.deepEqual(hover.range, ranges[1]);
    const value = typeof hover.contents === 'object' && 'value' in hover.contents ? hover.contents.value : '';
    assert.match(value, /^\*\*evil\*\* `1\.0\.0` — ✗ rejected\n/);
    assert.match(value, /SIGMA verdict: \*\*REJECTED\*\*/);
    assert.match(value, /Resolved version: `1\.0\.0` from exact pin/);
    assert.equal(await service.hover(check, { line: 0, character: 0 }, settings), null);
  });

  it('inlay hints: the status after each entry in view, only while sigma.inlineStatus is on', async () => {
    const { service, check, settings, ranges } = await open(WORLD, MANIFEST);
    const hints = service.inlayHints(check, whole, settings);
    assert.deepEqual(
      hints.map((h) => [h.position, h.label]),
      [
        [ranges[0].end, '✓ approved'],
        [ranges[1].end, '✗ rejected'],
        [ranges[2].end, '? uncertified'],
      ],
    );
    const firstLineOnly = { start: ranges[0].start, end: ranges[0].end };
    assert.equal(service.inlayHints(check, firstLineOnly, settings).length, 1, 'only the entries in the visible range');
    assert.deepEqual(service.inlayHints(check, whole, { ...settings, inlineStatus: false }), []);
  });

  it('code actions: pin within the intent (preferred) or to the newest approved version, suppress, verify the tarball, open the certificate', async () => {
    const { service, check, settings, doc, ranges } = await open(WORLD, MANIFEST);
    const diagnostics = service.diagnostics(check).filter((d) => d.code === 'rejected');
    const actions = await service.codeActions(doc, check, { range: ranges[1], context: { diagnostics } }, settings, new AbortController().signal);
    assert.deepEqual(
      actions.map((a) => a.title),
      [
        'Pin evil to 1.0.1 (newest SIGMA-approved version matching 1.0.0)',
        'Pin evil to 2.0.0 (newest SIGMA-approved version)',
        'Suppress SIGMA findings for npm:evil@1.0.0 until 2024-02-12…',
        'Verify the evil 1.0.0 tarball against the lockfile and SIGMA',
        'Open SIGMA certificate for evil 1.0.0',
      ],
    );
    assert.deepEqual(actions.slice(0, 2).map((a) => a.isPreferred), [true, false]);
    for (const [pin, version] of [[actions[0], '1.0.1'], [actions[1], '2.0.0']] as const) {
      assert.deepEqual(pin.diagnostics, diagnostics);
      const [edit] = pin.edit?.changes?.[doc.uri] ?? [];
      assert.equal(edit.newText, version);
      assert.equal(doc.getText(edit.range), '1.0.0', 'the edit replaces the version as written');
    }
    assert.deepEqual(actions[2].command?.arguments, [doc.uri, { package: 'npm:evil@1.0.0', reason: '', until: '2024-02-12' }]);
  });

  it('code actions: an approved entry gets only the inspections; quick-fix-only asks get only the fixes', async () => {
    const { service, check, settings, doc, ranges } = await open(WORLD, MANIFEST);
    const signal = new AbortController().signal;
    const approved = await service.codeActions(doc, check, { range: ranges[0], context: { diagnostics: [] } }, settings, signal);
    assert.deepEqual(approved.map((a) => a.command?.command), ['sigma.server.verifyTarball', 'sigma.server.openUrl']);
    const fixesOnly = await service.codeActions(doc, check, { range: ranges[1], context: { diagnostics: [], only: ['quickfix'] } }, settings, signal);
    assert.ok(fixesOnly.length > 0 && fixesOnly.every((a) => a.kind === 'quickfix'), fixesOnly.map((a) => a.title).join(' | '));
  });

  it('each test has its own data: the same manifest against another registry reads differently', async () => {
    const { service, check } = await open({ ...WORLD, evil: { '1.0.0': 'APPROVED' } }, MANIFEST);
    assert.deepEqual(service.diagnostics(check).map((d) => d.code), ['uncertified']);
  });
});
