/**
 * Hover cards, inlay hints and code actions over the real connection: every hover field of docs/language-server.md, safe
 * Markdown for hostile fixture text, hint labels and positions, and the exact pin edits for
 * package.json, requirements.txt, PEP 621 and Poetry.
 */
import assert from 'node:assert/strict';
import type { CodeAction, Hover, InlayHint, MarkupContent, TextEdit } from 'vscode-languageserver-protocol';
import { certificateKey } from '../registry';
import { certificate } from '../helpers/testData';
import { byCode, range, startSession, type Session } from './session';

const PACKAGE_JSON = `{
  "dependencies": {
    "lodash": "4.17.20",
    "@types/node": "20.11.30",
    "minimist": "1.2.5",
    "left-pad": "1.3.0",
    "express": "^4.18.0",
    "ui-kit": "git+https://github.com/example-org/ui-kit.git#v1.2.0"
  }
}
`;
const WHOLE = { start: { line: 0, character: 0 }, end: { line: 40, character: 0 } };

async function hover(s: Session, uri: string, line: number, character: number): Promise<string> {
  const h = await s.client.connection.sendRequest<Hover | null>('textDocument/hover', { textDocument: { uri }, position: { line, character } });
  assert.ok(h, `a hover at ${line}:${character}`);
  return (h.contents as MarkupContent).value;
}

/** Every Markdown link target in `md` (inline links and autolinks). */
function linkTargets(md: string): string[] {
  const unescaped = md.replace(/\\./g, '');
  return [...unescaped.matchAll(/\]\(([^)\s]*)/g)].map((m) => m[1]).concat([...unescaped.matchAll(/<([a-z][a-z0-9+.-]*:[^>]*)>/gi)].map((m) => m[1]));
}

function assertSafeMarkdown(md: string): void {
  for (const target of linkTargets(md)) assert.match(target, /^https?:\/\//, `only http(s) links, got ${target}`);
  // Escaped characters (`\<`, `\[`) are literal text; only what stays unescaped can form markup.
  const live = md.replace(/\\./g, '');
  assert.ok(!/command:/i.test(live), 'no command: URI outside escaped text');
  assert.ok(!/<img|<script|<a /i.test(live), 'no raw HTML');
}

describe('language server: hover, inlay hints and code actions', function () {
  let s: Session;
  let uri: string;
  const addIgnore: unknown[] = [];

  before(async () => {
    s = await startSession({ client: { onAddIgnore: (p) => (addIgnore.push(p), true) } });
    ({ uri } = await s.openAndWait('package.json', PACKAGE_JSON, (d) => byCode(d.diagnostics, 'advisory').length === 4 && byCode(d.diagnostics, 'rejected').length === 1));
  });
  after(() => s.close());

  describe('hover', () => {
    it('shows every hover field of docs/language-server.md for a certified version', async () => {
      const md = await hover(s, uri, 2, 8);
      assert.match(md, /^\*\*lodash\*\* `4\.17\.20` — ✗ approved, 3 advisories/);
      assert.match(md, /- SIGMA verdict: \*\*APPROVED\*\*/);
      assert.match(md, /- Security level: CLEAR/);
      assert.match(md, /- Resolved version: `4\.17\.20` from exact pin/);
      assert.match(md, new RegExp(`- Certificate: \\[pkg\\\\_npm\\\\_lodash\\\\_41720\\]\\(${s.registry.url.replace(/[.]/g, '\\.')}/api/v1/public/packages/npm/lodash/4\\.17\\.20/verify\\)`));
      assert.match(md, /- Certified at: 2026\\-02\\-11/);
      assert.match(md, /- Analysis: FULL/);
      assert.match(md, /- Distribution SHA-256: `9d7d015bb7e5d912ef7c06ee64fbb44d208d58b8f1ee03bd2f73075391545509`/);
      assert.match(md, /- File set hash: `0102c91e4aa75ad3f01d1ed2203f200afd5f636c05c7c4f81a5253c8896ecce6`/);
      assert.match(md, /- Council round: `round_2026_02_b`/);
      assert.match(md, /- Data: (live|cached) \(fetched /);
      assert.match(md, /\*\*Registry advisories\*\* \(from the SIGMA certificate\)/);
      assert.match(md, /- \[1099102\]\(https:\/\/github\.com\/advisories\/GHSA-3vjc-x8p2-wq5m\) .*\*\*high\*\* Command Injection in lodash template/);
      assertSafeMarkdown(md);
    });

    it('escapes hostile advisory titles and drops javascript: links', async () => {
      const md = await hover(s, uri, 2, 8);
      const line = md.split('\n').find((l) => l.includes('1099104'))!;
      assert.equal(line, '- 1099104 **low** \\<img src\\=x onerror\\=alert\\(1\\)\\> Prototype pollution via \\[click\\]\\(command\\:workbench\\.action\\.quit\\) in set\\(\\)');
    });

    it('escapes hostile retained warnings (objects with Markdown and command links)', async () => {
      const md = await hover(s, uri, 3, 8);
      assert.match(md, /\*\*Retained council warnings\*\*/);
      assert.match(md, /POSTINSTALL\\_NETWORK/);
      assertSafeMarkdown(md);
    });

    it('labels registry-only advisories and shows fixed-in for an uncertified version', async () => {
      const md = await hover(s, uri, 4, 8);
      assert.match(md, /- SIGMA verdict: not certified/);
      assert.match(md, /\*\*Registry advisories\*\* \(registry data, not a SIGMA verdict\)/);
      assert.match(md, /\[1099201\]\(https:\/\/github\.com\/advisories\/GHSA-f4p8-rx2v-6mqj\) .*\*\*critical\*\*/);
      assertSafeMarkdown(md);
    });

    it('says where a range-resolved version came from, and why a skipped one is not checked', async () => {
      assert.match(await hover(s, uri, 6, 8), /- Resolved version: `4\.19\.2` from registry lookup/);
      assert.match(await hover(s, uri, 7, 8), /- Not checked: .*git/);
    });

    it('returns null outside any dependency', async () => {
      const h = await s.client.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 0 } });
      assert.equal(h, null);
    });
  });

  describe('inlay hints', () => {
    it('puts a short status after each checked dependency, with the resolved version when it is not the text, marked by its worst finding', async () => {
      const hints = await s.client.connection.sendRequest<InlayHint[]>('textDocument/inlayHint', { textDocument: { uri }, range: WHOLE });
      assert.deepEqual(
        hints.map((h) => [h.position, h.label]),
        [
          // A high advisory is an error finding: ✗ even on an approved version (✓ only means approved and clean).
          [{ line: 2, character: 23 }, '✗ approved, 3 advisories'],
          [{ line: 3, character: 29 }, '⚠ conditional_approval'],
          // A critical advisory on an uncertified version: the same.
          [{ line: 4, character: 23 }, '✗ uncertified, 1 advisory'],
          [{ line: 5, character: 23 }, '✗ rejected'],
          [{ line: 6, character: 24 }, '4.19.2 ✓ approved'],
        ],
      );
    });

    it('answers only for the visible range', async () => {
      const hints = await s.client.connection.sendRequest<InlayHint[]>('textDocument/inlayHint', { textDocument: { uri }, range: range(5, 0, 30) });
      assert.deepEqual(hints.map((h) => h.position.line), [5]);
    });
  });

  describe('code actions', () => {
    async function actionsAt(docUri: string, line: number): Promise<CodeAction[]> {
      const diagnostics = s.client.diagnostics.get(docUri)!.diagnostics.filter((d) => d.range.start.line === line);
      return s.client.connection.sendRequest<CodeAction[]>('textDocument/codeAction', {
        textDocument: { uri: docUri },
        range: diagnostics[0]?.range ?? range(line, 4, 5),
        context: { diagnostics },
      });
    }
    const editsOf = (a: CodeAction, docUri: string): TextEdit[] => a.edit?.changes?.[docUri] ?? [];

    it('package.json: pins to the newest certified version within the intent, quoted value only', async () => {
      const actions = await actionsAt(uri, 4);
      const pin = actions.filter((a) => a.edit);
      assert.equal(pin.length, 1, JSON.stringify(actions.map((a) => a.title)));
      assert.equal(pin[0].title, 'Pin minimist to 1.2.8 (newest SIGMA-approved version matching 1.2.5)');
      assert.equal(pin[0].isPreferred, true);
      assert.deepEqual(editsOf(pin[0], uri), [{ range: range(4, 17, 22), newText: '1.2.8' }]);
      assert.ok(pin[0].diagnostics?.some((d) => d.code === 'uncertified'), 'the fix names the diagnostics it fixes');
    });

    it('offers both "within intent" and "newest certified" when they differ', async () => {
      s.registry.data.certificates[certificateKey('npm', 'express', '5.0.0')] = certificate('npm', 'express', '5.0.0');
      const { uri: other } = await s.openAndWait('other/package.json', '{\n  "dependencies": {\n    "express": "4.17.1"\n  }\n}\n', (d) => byCode(d.diagnostics, 'uncertified').length === 1);
      const pins = (await actionsAt(other, 2)).filter((a) => a.edit);
      assert.deepEqual(
        pins.map((a) => [a.title, a.isPreferred, editsOf(a, other)[0]]),
        [
          ['Pin express to 4.19.2 (newest SIGMA-approved version matching 4.17.1)', true, { range: range(2, 16, 22), newText: '4.19.2' }],
          ['Pin express to 5.0.0 (newest SIGMA-approved version)', false, { range: range(2, 16, 22), newText: '5.0.0' }],
        ],
      );
    });

    const DJANGO = [
      ['requirements.txt', 'django>=4.2,<5 ; python_version >= "3.10"\n', 0, { range: range(0, 6, 14), newText: '==5.0.3' }],
      ['pep621/pyproject.toml', '[project]\nname = "x"\ndependencies = [\n    "django>=4.2,<5",\n]\n', 3, { range: range(3, 11, 19), newText: '==5.0.3' }],
      ['poetry/pyproject.toml', '[tool.poetry]\nname = "x"\n\n[tool.poetry.dependencies]\npython = "^3.10"\ndjango = "^4.2"\n', 5, { range: range(5, 10, 14), newText: '5.0.3' }],
      ['poetry-table/pyproject.toml', '[tool.poetry.dependencies]\ndjango = { version = "^4.2", extras = ["argon2"] }\n', 1, { range: range(1, 22, 26), newText: '5.0.3' }],
    ] as const;
    for (const [file, text, line, edit] of DJANGO) {
      it(`${file}: no certified version within the intent → pin to the newest certified, exact edit`, async () => {
        const { uri: doc } = await s.openAndWait(file, text, (d) => byCode(d.diagnostics, 'uncertified').length === 1);
        const pins = (await actionsAt(doc, line)).filter((a) => a.edit);
        assert.deepEqual(
          pins.map((a) => [a.title, editsOf(a, doc)]),
          [['Pin django to 5.0.3 (newest SIGMA-approved version)', [edit]]],
        );
        assert.equal(pins[0].isPreferred, true, 'the only pin is the preferred fix');
      });
    }

    it('suppress: executing the command makes the server send sigma/addIgnore with an expiry', async () => {
      const suppress = (await actionsAt(uri, 5)).find((a) => a.command?.command === 'sigma.server.suppress');
      assert.ok(suppress, 'a suppress action');
      assert.match(suppress.title, /^Suppress SIGMA findings for npm:left-pad@1\.3\.0 until \d{4}-\d{2}-\d{2}…$/);
      addIgnore.length = 0;
      await s.client.connection.sendRequest('workspace/executeCommand', { command: suppress.command!.command, arguments: suppress.command!.arguments });
      assert.equal(addIgnore.length, 1);
      const sent = addIgnore[0] as { uri: string; entry: { package: string; reason: string; until: string } };
      assert.equal(sent.uri, uri);
      assert.equal(sent.entry.package, 'npm:left-pad@1.3.0');
      const days = (Date.parse(sent.entry.until) - Date.now()) / 86_400_000;
      assert.ok(days > 80 && days < 100, `expiry about 90 days ahead, got ${sent.entry.until}`);
    });

    it('open certificate: executing it asks the client to show the verify URL externally', async () => {
      const shown: unknown[] = [];
      s.client.connection.onRequest('window/showDocument', (p: unknown) => (shown.push(p), { success: true }));
      const open = (await actionsAt(uri, 5)).find((a) => a.command?.command === 'sigma.server.openUrl');
      assert.ok(open);
      await s.client.connection.sendRequest('workspace/executeCommand', { command: open.command!.command, arguments: open.command!.arguments });
      assert.deepEqual(shown, [{ uri: `${s.registry.url}/api/v1/public/packages/npm/left-pad/1.3.0/verify`, external: true }]);
    });

    it('offers no fix for an approved, clear dependency (only a closer look), and nothing for a skipped one', async () => {
      const approved = await actionsAt(uri, 6);
      assert.ok(!approved.some((a) => a.kind === 'quickfix'), 'no quick fix for an approved, clear version');
      assert.deepEqual(
        approved.map((a) => a.command?.command),
        ['sigma.server.verifyTarball', 'sigma.server.openUrl'],
      );
      assert.deepEqual(await actionsAt(uri, 7), []);
    });
  });
});

describe('language server: inlineStatus false', function () {
  let s: Session;
  before(async () => {
    s = await startSession({ settings: { inlineStatus: false } });
  });
  after(() => s.close());

  it('gives no inlay hints', async () => {
    const { uri } = await s.openAndWait('package.json', PACKAGE_JSON, (d) => byCode(d.diagnostics, 'rejected').length === 1);
    assert.deepEqual(await s.client.connection.sendRequest('textDocument/inlayHint', { textDocument: { uri }, range: WHOLE }), []);
  });
});
