/**
 * Every diagnostic code of docs/language-server.md over the real connection, against the fixture registry:
 * code, severity, exact range, message, codeDescription.href and source.
 */
import assert from 'node:assert/strict';
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver-protocol';
import { byCode, range, startSession, text, type Session } from './session';

const PACKAGE_JSON = `{
  "dependencies": {
    "left-pad": "1.3.0",
    "@types/node": "20.11.30",
    "axios": "1.6.7",
    "lodash": "4.17.20",
    "minimist": "1.2.5",
    "typescript": "5.4.5",
    "ui-kit": "git+https://github.com/example-org/ui-kit.git#v1.2.0",
    "no-such-package-xyz": "^1.0.0",
    "express": "4.19.2"
  }
}
`;

const REQUIREMENTS = `urllib3==1.26.5 \\
    --hash=sha256:9a0ea0e7df92c0b061d16079dac432edc3967a04c50c329ded120f73da6e55ca
requests==2.31.0
PyYAML==6.0.1
`;

function only(diagnostics: Diagnostic[], code: string, line: number): Diagnostic {
  const found = byCode(diagnostics, code).filter((d) => d.range.start.line === line);
  assert.equal(found.length, 1, `one ${code} on line ${line}: ${JSON.stringify(diagnostics.map((d) => [d.code, d.range.start.line]))}`);
  assert.equal(found[0].source, 'sigma');
  return found[0];
}

describe('language server: every diagnostic code of docs/language-server.md', function () {
  let s: Session;
  let npm: Diagnostic[];
  const done = (d: { diagnostics: Diagnostic[] }): boolean => ['rejected', 'conditional', 'uncertified', 'unresolved', 'partial-analysis'].every((c) => d.diagnostics.some((x) => x.code === c)) && d.diagnostics.filter((x) => x.code === 'advisory').length === 5;

  before(async () => {
    s = await startSession();
    ({ diagnostics: npm } = await s.openAndWait('package.json', PACKAGE_JSON, done));
  });
  after(() => s.close());

  it('rejected: error, on the "name": "spec" pair, linking the certificate', () => {
    const d = only(npm, 'rejected', 2);
    assert.equal(d.severity, DiagnosticSeverity.Error);
    assert.deepEqual(d.range, range(2, 4, 23));
    assert.equal(text(d), 'left-pad 1.3.0: SIGMA verdict REJECTED (certificate pkg_npm_leftpad_130)');
    assert.equal(d.codeDescription?.href, `${s.registry.url}/api/v1/public/packages/npm/left-pad/1.3.0/verify`);
  });

  it('conditional: warning for a verdict that is neither APPROVED nor rejected', () => {
    const d = only(npm, 'conditional', 3);
    assert.equal(d.severity, DiagnosticSeverity.Warning);
    assert.deepEqual(d.range, range(3, 4, 29));
    assert.match(text(d), /^@types\/node 20\.11\.30: SIGMA verdict CONDITIONAL_APPROVAL/);
    assert.equal(d.codeDescription?.href, `${s.registry.url}/api/v1/public/packages/npm/%40types%2Fnode/20.11.30/verify`);
  });

  it('security-level: warning for MEDIUM, error for HIGH', () => {
    assert.equal(only(npm, 'security-level', 2).severity, DiagnosticSeverity.Warning);
    const high = only(npm, 'security-level', 4);
    assert.equal(high.severity, DiagnosticSeverity.Error);
    assert.equal(text(high), 'axios 1.6.7: SIGMA security level HIGH');
    assert.deepEqual(high.range, range(4, 4, 20));
  });

  it('retained-warning: one warning per retained council warning', () => {
    const leftPad = byCode(npm, 'retained-warning').filter((d) => d.range.start.line === 2);
    assert.deepEqual(leftPad.map((d) => text(d)), [
      'left-pad 1.3.0: retained council warning — Package is deprecated by its author; String.prototype.padStart() replaces it',
      'left-pad 1.3.0: retained council warning — Maintainer account had no second factor at publication time',
    ]);
    assert.ok(leftPad.every((d) => d.severity === DiagnosticSeverity.Warning));
    assert.equal(byCode(npm, 'retained-warning').filter((d) => d.range.start.line === 3).length, 3, '@types/node: 3 warnings given as objects');
  });

  it('advisory: one per active advisory, error for high/critical, href only for http(s) links', () => {
    const lodash = byCode(npm, 'advisory').filter((d) => d.range.start.line === 5);
    assert.deepEqual(lodash.map((d) => d.severity), [DiagnosticSeverity.Error, DiagnosticSeverity.Warning, DiagnosticSeverity.Warning]);
    assert.equal(text(lodash[0]), 'lodash 4.17.20: advisory 1099102 (high) Command Injection in lodash template');
    assert.equal(lodash[0].codeDescription?.href, 'https://github.com/advisories/GHSA-3vjc-x8p2-wq5m');
    assert.equal(lodash[2].codeDescription, undefined, 'a javascript: advisory URL is never a link');
    const minimist = only(npm, 'advisory', 6);
    assert.equal(minimist.severity, DiagnosticSeverity.Error, 'critical');
    assert.match(text(minimist), /\[npm registry data, not a SIGMA verdict\]$/, 'registry-only data is labelled as such');
    assert.equal(only(npm, 'advisory', 4).severity, DiagnosticSeverity.Warning, 'moderate');
  });

  it('partial-analysis: information', () => {
    const d = only(npm, 'partial-analysis', 7);
    assert.equal(d.severity, DiagnosticSeverity.Information);
    assert.match(text(d), /^typescript 5\.4\.5: PARTIAL analysis/);
  });

  it('uncertified: information by default, no link', () => {
    const d = only(npm, 'uncertified', 6);
    assert.equal(d.severity, DiagnosticSeverity.Information);
    assert.equal(text(d), 'minimist 1.2.5: not certified by SIGMA');
    assert.deepEqual(d.range, range(6, 4, 23));
  });

  it('skipped: hint, saying why', () => {
    const d = only(npm, 'skipped', 8);
    assert.equal(d.severity, DiagnosticSeverity.Hint);
    assert.deepEqual(d.range, range(8, 4, 68));
    assert.match(text(d), /^ui-kit: not checked — .*git/);
  });

  it('unresolved: information, saying why', () => {
    const d = only(npm, 'unresolved', 9);
    assert.equal(d.severity, DiagnosticSeverity.Information);
    assert.deepEqual(d.range, range(9, 4, 35));
    assert.match(text(d), /no-such-package-xyz: no exact version could be determined — .*not found/);
  });

  it('an approved, clear, advisory-free version gets no diagnostic', () => {
    assert.deepEqual(npm.filter((d) => d.range.start.line === 10), []);
  });

  it('integrity-mismatch: error when a pinned requirements hash differs from distributionSha256', async () => {
    const { diagnostics } = await s.openAndWait('requirements.txt', REQUIREMENTS, (d) => d.diagnostics.some((x) => x.code === 'integrity-mismatch') && d.diagnostics.some((x) => x.code === 'rejected'));
    const d = only(diagnostics, 'integrity-mismatch', 0);
    assert.equal(d.severity, DiagnosticSeverity.Error);
    // A requirement's range ends with its version specifier: the hash options are not part of it.
    assert.deepEqual(d.range, range(0, 0, 15));
    assert.match(text(d), /^urllib3 1\.26\.5: pinned sha256 does not match the distribution SIGMA reviewed/);
    assert.deepEqual(only(diagnostics, 'rejected', 3).range, range(3, 0, 13));
    assert.equal(byCode(diagnostics, 'integrity-mismatch').length, 1, 'requests carries no hash: nothing to compare');
  });
});

describe('language server: lookup-failed and registry-unavailable', function () {
  let s: Session;
  beforeEach(async () => {
    s = await startSession();
  });
  afterEach(() => s.close());

  it('lookup-failed: warning for the one version whose SIGMA answer is invalid', async () => {
    s.registry.addFault({ endpoint: 'certificate', package: 'express', fault: { kind: 'non-json' } });
    const doc = '{ "dependencies": { "express": "4.19.2", "left-pad": "1.3.0" } }';
    const { diagnostics } = await s.openAndWait('package.json', doc, (d) => d.diagnostics.some((x) => x.code === 'lookup-failed') && d.diagnostics.some((x) => x.code === 'rejected'));
    const failed = byCode(diagnostics, 'lookup-failed');
    assert.equal(failed.length, 1);
    assert.equal(failed[0].severity, DiagnosticSeverity.Warning);
    assert.deepEqual(failed[0].range, range(0, 20, 39));
    assert.match(text(failed[0]), /^express 4\.19\.2: SIGMA lookup failed — .*; status unknown$/);
    assert.equal(byCode(diagnostics, 'registry-unavailable').length, 0, 'one bad answer is not a network failure');
  });

  it('registry-unavailable: once per document, not once per dependency, when the network fails', async () => {
    await s.registry.pause();
    const doc = '{\n  "dependencies": {\n    "express": "4.19.2",\n    "left-pad": "1.3.0",\n    "lodash": "^4.17.0"\n  }\n}\n';
    const { diagnostics } = await s.openAndWait('package.json', doc, (d) => d.diagnostics.some((x) => x.code === 'registry-unavailable'));
    const unavailable = byCode(diagnostics, 'registry-unavailable');
    assert.equal(unavailable.length, 1);
    assert.equal(unavailable[0].severity, DiagnosticSeverity.Warning);
    assert.match(text(unavailable[0]), /status unknown for 3 dependencies/);
    assert.deepEqual(
      diagnostics.filter((d) => d.code !== 'registry-unavailable').map((d) => d.code),
      [],
      'no per-dependency lookup-failed or unresolved noise for a network failure',
    );
  });
});
