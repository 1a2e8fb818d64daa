/**
 * The override quick fix for pnpm and uv over the real connection (docs/tree.md
 * "Override quick fix"). Their lockfiles record only the versions they picked, so the parents' ranges
 * are what those parent versions declare on the registry: the npm packument's `dependencies`, PyPI's
 * `requires_dist`. pnpm-app (test/fixtures/tree/pnpm-app) is npm-app's tree in a pnpm-lock.yaml v9;
 * uv-app has urllib3 1.26.5 (advisory, security level LOW) below requests and botocore, whose ranges
 * (`<3` and, botocore's two marker-split entries, `<1.27`) together allow 1.26.18 but not 2.2.1.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CodeAction, Diagnostic } from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { certificateKey, loadFixtureData, type Certificate, type RegistryData } from '../registry';
import { expandNpmPackage, expandPypiProject } from '../registry/expand';
import { byCode, startSession, text, type Session } from './session';

const fixture = (app: string, file: string): string => fs.readFileSync(path.resolve(__dirname, '../fixtures/tree', app, file), 'utf8');

function approved(data: RegistryData, name: string, version: string): void {
  const template = data.certificates[certificateKey('pypi', 'requests', '2.31.0')];
  const cert: Certificate = { ...template, packageName: name, packageVersion: version, certificateId: `pkg_pypi_${name}_${version.replace(/\./g, '')}`, distributionSha256: null };
  data.certificates[certificateKey('pypi', name, version)] = cert;
  data.verifyExtras[certificateKey('pypi', name, version)] = {};
}

/** The fixture registry plus what the parents declare. */
function registryData(): RegistryData {
  const data = loadFixtureData();
  data.npm.packuments.finalhandler = expandNpmPackage('finalhandler', { 'dist-tags': { latest: '1.2.0' }, versions: { '1.2.0': { dependencies: { debug: '^4.3.4', minimist: '^1.2.5' } } } }).packument;
  // As requests 2.31.0 and botocore 1.31.0 declare them on PyPI.
  data.pypi.projects.requests.releases['2.31.0'].requiresDist = ['charset-normalizer<4,>=2', 'idna<4,>=2.5', 'urllib3<3,>=1.21.1', 'certifi>=2017.4.17', 'PySocks!=1.5.7,>=1.5.6; extra == "socks"'];
  data.pypi.projects.botocore = expandPypiProject({
    name: 'botocore',
    releases: { '1.31.0': { requiresDist: ['jmespath<2.0.0,>=0.7.1', 'urllib3<1.27,>=1.25.4; python_version < "3.10"', 'urllib3<2.1,>=1.25.4; python_version >= "3.10"'] } },
  });
  approved(data, 'botocore', '1.31.0');
  approved(data, 'urllib3', '1.26.18');
  approved(data, 'urllib3', '2.2.1');
  return data;
}

async function overridesOn(s: Session, uri: string, d: Diagnostic): Promise<CodeAction[]> {
  const actions = await s.client.connection.sendRequest<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: d.range, context: { diagnostics: [d] } });
  return actions.filter((a) => a.title.startsWith('Override '));
}

function applied(uri: string, before: string, action: CodeAction): string {
  const changes = action.edit!.changes!;
  assert.deepEqual(Object.keys(changes), [uri]);
  return TextDocument.applyEdits(TextDocument.create(uri, 'text', 1, before), changes[uri]);
}

describe('language server: override quick fix for pnpm (pnpm.overrides / pnpm-workspace.yaml)', function () {
  const MANIFEST = fixture('pnpm-app', 'package.json');
  let s: Session;
  let uri: string;
  let d: Diagnostic;

  before(async () => {
    s = await startSession({ data: registryData() });
    s.write('pnpm-lock.yaml', fixture('pnpm-app', 'pnpm-lock.yaml'));
    ({ uri } = await s.openAndWait('package.json', MANIFEST, (p) => byCode(p.diagnostics, 'transitive').some((t) => text(t).includes('4 packages'))));
    [d] = byCode(s.client.diagnostics.get(uri)!.diagnostics, 'transitive');
  });
  after(() => s.close());

  it('no pnpm-workspace.yaml: pnpm.overrides in package.json, to the newest approved version finalhandler 1.2.0\'s ^1.2.5 allows', async () => {
    const overrides = await overridesOn(s, uri, d);
    // left-pad, ms: debug 4.3.4 declares neither on the registry, so no range is known; finalhandler: express declares nothing either.
    assert.deepEqual(overrides.map((a) => a.title), ["Override minimist 1.2.5 → 1.2.8 (pnpm.overrides: the newest SIGMA-approved version every parent's range allows)"]);
    assert.equal(
      applied(uri, MANIFEST, overrides[0]),
      MANIFEST.replace('    "typescript": "~5.4.0"\n  }\n}', '    "typescript": "~5.4.0"\n  },\n  "pnpm": {\n    "overrides": {\n      "minimist": "1.2.8"\n    }\n  }\n}'),
    );
    assert.ok(s.registry.requests.some((r) => r.endpoint === 'npmPackument' && r.package === 'finalhandler'), 'the parent\'s declared range was read from the registry');
  });

  it('with a pnpm-workspace.yaml (pnpm ≥ 10 reads overrides there): the entry goes into its overrides map', async () => {
    const WORKSPACE = "packages:\n  - '.'\ncatalog:\n  ms: ^2.1.3\n";
    const workspaceUri = s.write('pnpm-workspace.yaml', WORKSPACE);
    const overrides = await overridesOn(s, uri, d);
    assert.deepEqual(overrides.map((a) => a.title), ["Override minimist 1.2.5 → 1.2.8 (pnpm-workspace.yaml overrides: the newest SIGMA-approved version every parent's range allows)"]);
    assert.equal(applied(workspaceUri, WORKSPACE, overrides[0]), "packages:\n  - '.'\ncatalog:\n  ms: ^2.1.3\noverrides:\n  minimist: 1.2.8\n");
    assert.equal(workspaceUri, pathToFileURL(path.join(s.dir, 'pnpm-workspace.yaml')).href);
  });
});

describe('language server: override quick fix for uv ([tool.uv] override-dependencies)', function () {
  const MANIFEST = fixture('uv-app', 'pyproject.toml');
  let s: Session;
  let uri: string;

  before(async () => {
    s = await startSession({ data: registryData() });
    s.write('uv.lock', fixture('uv-app', 'uv.lock'));
    ({ uri } = await s.openAndWait('pyproject.toml', MANIFEST, (p) => byCode(p.diagnostics, 'transitive').length === 2));
  });
  after(() => s.close());

  it('urllib3 pinned to the newest approved version both requests (<3) and botocore (<1.27, <2.1) allow, written into a new [tool.uv] table', async () => {
    const line = MANIFEST.split('\n').findIndex((l) => l.includes('requests=='));
    const d = byCode(s.client.diagnostics.get(uri)!.diagnostics, 'transitive').find((t) => t.range.start.line === line)!;
    assert.match(text(d), /^requests 2\.31\.0 brings in 1 package that is not approved and clean: urllib3 1\.26\.5/);
    const overrides = await overridesOn(s, uri, d);
    assert.deepEqual(overrides.map((a) => a.title), ["Override urllib3 1.26.5 → 1.26.18 (uv override-dependencies: the newest SIGMA-approved version every parent's range allows)"]);
    assert.equal(applied(uri, MANIFEST, overrides[0]), `${MANIFEST}\n[tool.uv]\noverride-dependencies = ["urllib3==1.26.18"]\n`);
    const releases = s.registry.requests.filter((r) => r.endpoint === 'pypiRelease').map((r) => `${r.package}@${r.version}`);
    assert.ok(releases.includes('requests@2.31.0') && releases.includes('botocore@1.31.0'), releases.join());
  });
});
