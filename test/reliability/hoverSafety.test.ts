/**
 * Hover safety through the real server: every text a registry or the SIGMA API sends (verdicts,
 * warnings, advisory titles and links, certificate ids, unknown fields) ends up escaped in the hover
 * Markdown, with no `command:` link, no link or autolink whose scheme is not http(s), and no raw HTML.
 */
import assert from 'node:assert/strict';
import { certificateKey, emptyRegistryData, type RegistryData } from '../registry';
import { expandPypiProject } from '../registry/expand';
import { certificate } from '../helpers/testData';
import { hoverMarkdown, settle, startServerEnv, writeFile, type ServerEnv } from './harness';

const EVIL = {
  html: '<img src=x onerror=alert(1)><script>alert(2)</script>',
  command: '[run me](command:workbench.action.terminal.new)',
  image: '![x](javascript:alert(1))',
  autolink: '<command:workbench.action.quit> <javascript:alert(1)> <file:///etc/passwd>',
  reference: '[r]\n\n[r]: command:workbench.action.quit',
  breakout: '`) ](command:x) **bold** </div>',
};
const ALL = Object.values(EVIL).join(' ');

function hostileData(): RegistryData {
  const data = emptyRegistryData();
  const extra = {
    councilVerdict: `APPROVED_WITH_NOTES ${EVIL.html}`,
    securityLevel: `MEDIUM ${EVIL.command}`,
    retainedWarnings: [EVIL.image, { code: EVIL.autolink, message: EVIL.reference, severity: EVIL.breakout }],
    certificateId: `pkg_${EVIL.command}`,
    certifiedAt: EVIL.html,
    analysisType: EVIL.autolink,
    verifyEndpoint: 'javascript:alert(1)',
    registryAdvisorySummary: ALL,
    registryAdvisories: [
      { id: EVIL.command, url: 'command:workbench.action.quit', title: ALL, severity: EVIL.html, vulnerable_versions: '<2', cwe: [], cvss: { score: 9, vectorString: null } },
      { id: 'GHSA-ok', url: 'javascript:alert(1)', title: EVIL.breakout, severity: 'high', vulnerable_versions: '<2', cwe: [], cvss: { score: 9, vectorString: null } },
      { id: 'GHSA-data', url: 'data:text/html,<script>alert(1)</script>', title: 'x', severity: 'low', vulnerable_versions: '<2', cwe: [], cvss: { score: 1, vectorString: null } },
    ],
  };
  data.certificates[certificateKey('npm', 'evil', '1.0.0')] = certificate('npm', 'evil', '1.0.0', extra);
  // Unknown scalar fields of the verify payload are shown in the hover's details.
  data.certificates[certificateKey('npm', 'evil-verify', '1.0.0')] = certificate('npm', 'evil-verify', '1.0.0', { registryAdvisories: null });
  data.verifyExtras[certificateKey('npm', 'evil-verify', '1.0.0')] = { integrity: { fileSetHash: EVIL.breakout, councilRoundId: EVIL.command }, [EVIL.html]: ALL, note: EVIL.autolink };
  // PyPI fallback rows (not certified): OSV text and links.
  data.pypi.projects['evilpy'] = expandPypiProject({
    name: 'evilpy',
    releases: { '1.0.0': { vulnerabilities: [{ id: EVIL.command, aliases: [EVIL.html], summary: ALL, details: ALL, fixed_in: [EVIL.breakout], link: 'command:workbench.action.quit', source: 'osv', withdrawn: null }] } },
  });
  return data;
}

/** Every link target and autolink in the Markdown. */
function linkTargets(markdown: string): string[] {
  const inline = [...markdown.matchAll(/(?<!\\)\]\(\s*<?([^)\s>]*)/g)].map((m) => m[1]);
  const auto = [...markdown.matchAll(/(?<!\\)<([a-zA-Z][a-zA-Z0-9+.-]*:[^>\s]*)>/g)].map((m) => m[1]);
  const references = [...markdown.matchAll(/^\s*(?<!\\)\[[^\]]+\]:\s*(\S+)/gm)].map((m) => m[1]);
  return [...inline, ...auto, ...references];
}

describe('reliability: hover Markdown is safe against hostile network text', function () {
  this.timeout(60_000);
  let env: ServerEnv;

  before(async () => {
    env = await startServerEnv({ data: hostileData(), settings: { requestTimeoutMs: 5000 } });
  });

  after(async () => {
    await env?.stop();
  });

  const cases = [
    { name: 'a hostile certificate and its advisory snapshot', file: 'a/package.json', languageId: 'json', text: '{\n  "dependencies": {\n    "evil": "1.0.0"\n  }\n}\n', pos: { line: 2, character: 6 } },
    { name: 'a hostile verify payload (details section)', file: 'b/package.json', languageId: 'json', text: '{\n  "dependencies": {\n    "evil-verify": "1.0.0"\n  }\n}\n', pos: { line: 2, character: 6 } },
    { name: 'hostile PyPI fallback rows', file: 'c/requirements.txt', languageId: 'pip-requirements', text: 'evilpy==1.0.0\n', pos: { line: 0, character: 2 } },
  ];

  for (const c of cases) {
    it(`${c.name}: escaped, no command: links, only http(s) links, no raw HTML`, async () => {
      const { uri } = writeFile(env.dir, c.file, c.text);
      await settle(env.client, () => env.client.open(uri, c.languageId, c.text), 'the check', [uri]);
      const card = (await hoverMarkdown(env.client, uri, c.pos)) ?? '';
      assert.ok(card.length > 0, 'a hover card');
      // Inline code spans are literal text in CommonMark (no links, no HTML); the card's spans hold no
      // backtick or line break inside, so removing them leaves exactly the text that is interpreted.
      const spans = card.match(/(?<!\\)`[^`\n]*`/g) ?? [];
      const markdown = card.replace(/(?<!\\)`[^`\n]*`/g, 'CODE');
      assert.doesNotMatch(markdown, /(?<!\\)`/, `every unescaped backtick belongs to a closed one-line code span: ${spans.join(' ')}`);
      assert.doesNotMatch(markdown, /command:/i, 'no command: URI anywhere (escaped text reads command\\:)');
      for (const target of linkTargets(markdown)) assert.match(target, /^https?:\/\//, `link target ${target}`);
      assert.doesNotMatch(markdown, /(?<!\\)<\/?[a-zA-Z!]/, 'no raw HTML tag');
      assert.doesNotMatch(markdown, /(?<!\\)!\[/, 'no image');
      assert.doesNotMatch(markdown, /javascript:|data:text/i, 'no script or data URL survives, even as text');
      await env.client.close(uri);
    });
  }
});
