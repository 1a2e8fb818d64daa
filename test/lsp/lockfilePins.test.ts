/**
 * Lockfile pins as docs/language-server.md states them (docs/formats/): an entry with several constraints
 * gets the lock entry that satisfies its own constraint, a workspace member linked by the lockfile is
 * `skipped` and never looked up anywhere, and a uv workspace's root lock pins its members.
 */
import assert from 'node:assert/strict';
import type { PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { byCode, startSession, text, type Session } from './session';

const onLine = (d: PublishDiagnosticsParams, code: string, line: number): string[] => byCode(d.diagnostics, code).filter((x) => x.range.start.line === line).map(text);

describe('language server: lockfile pins', () => {
  let s: Session;
  beforeEach(async () => {
    s = await startSession();
  });
  afterEach(() => s.close());

  it('a Poetry multiple-constraints array: each entry pinned to the lock entry satisfying its own constraint', async () => {
    s.write(
      'poetry/poetry.lock',
      [
        '[[package]]', 'name = "keyring"', 'version = "18.0.1"', 'description = ""', 'optional = false', 'python-versions = "*"', 'files = []', '',
        '[[package]]', 'name = "keyring"', 'version = "20.0.1"', 'description = ""', 'optional = false', 'python-versions = ">=3.8"', 'files = []', '',
        '[metadata]', 'lock-version = "2.0"', 'python-versions = "^3.7"', 'content-hash = "x"', '',
      ].join('\n'),
    );
    const manifest = '[tool.poetry.dependencies]\npython = "^3.7"\nkeyring = [\n    { version = "^18", python = "<3.8" },\n    { version = "^20", python = ">=3.8" },\n]\n';
    const { diagnostics } = await s.openAndWait('poetry/pyproject.toml', manifest, (d) => byCode(d.diagnostics, 'uncertified').length === 2);
    const published = { uri: '', diagnostics };
    assert.match(onLine(published, 'uncertified', 3)[0] ?? '', /keyring 18\.0\.1/);
    assert.match(onLine(published, 'uncertified', 4)[0] ?? '', /keyring 20\.0\.1/);
  });

  it('uv forks: each requirement pinned to the fork satisfying its own constraint', async () => {
    s.write(
      'uv/uv.lock',
      [
        'version = 1', 'requires-python = ">=3.9"', 'resolution-markers = [', '    "python_full_version < \'3.12\'",', '    "python_full_version >= \'3.12\'",', ']', '',
        '[[package]]', 'name = "app"', 'version = "0.1.0"', 'source = { virtual = "." }', '',
        '[[package]]', 'name = "forked-lib"', 'version = "1.4.0"', 'source = { registry = "https://pypi.org/simple" }', 'resolution-markers = ["python_full_version < \'3.12\'"]', '',
        '[[package]]', 'name = "forked-lib"', 'version = "2.1.0"', 'source = { registry = "https://pypi.org/simple" }', 'resolution-markers = ["python_full_version >= \'3.12\'"]', '',
      ].join('\n'),
    );
    const manifest = '[project]\nname = "app"\nversion = "0.1.0"\ndependencies = [\n    "forked-lib>=1.4,<2; python_version < \'3.12\'",\n    "forked-lib>=2; python_version >= \'3.12\'",\n]\n';
    const { diagnostics } = await s.openAndWait('uv/pyproject.toml', manifest, (d) => byCode(d.diagnostics, 'uncertified').length === 2);
    const published = { uri: '', diagnostics };
    assert.match(onLine(published, 'uncertified', 4)[0] ?? '', /forked-lib 1\.4\.0/);
    assert.match(onLine(published, 'uncertified', 5)[0] ?? '', /forked-lib 2\.1\.0/);
  });

  it('npm workspaces: a member the lockfile links (link: true) is skipped and its name never reaches any registry', async () => {
    s.write('ws/package.json', '{\n  "name": "root",\n  "private": true,\n  "workspaces": ["packages/*"]\n}\n');
    s.write('ws/packages/private-lib/package.json', '{\n  "name": "acme-private-lib",\n  "version": "1.2.0"\n}\n');
    s.write(
      'ws/package-lock.json',
      JSON.stringify(
        {
          name: 'root',
          lockfileVersion: 3,
          requires: true,
          packages: {
            '': { name: 'root', workspaces: ['packages/*'] },
            'node_modules/acme-private-lib': { resolved: 'packages/private-lib', link: true },
            'node_modules/left-pad': { version: '1.3.0', resolved: 'https://registry.npmjs.org/left-pad/-/left-pad-1.3.0.tgz', integrity: 'sha512-x' },
            'packages/app': { name: 'app', version: '0.1.0', dependencies: { 'acme-private-lib': '^1.0.0', 'left-pad': '^1.3.0' } },
            'packages/private-lib': { name: 'acme-private-lib', version: '1.2.0' },
          },
        },
        null,
        2,
      ),
    );
    const manifest = '{\n  "name": "app",\n  "version": "0.1.0",\n  "dependencies": {\n    "acme-private-lib": "^1.0.0",\n    "left-pad": "^1.3.0"\n  }\n}\n';
    // left-pad (rejected) comes from the same check: its diagnostic says the check has finished.
    const { diagnostics } = await s.openAndWait('ws/packages/app/package.json', manifest, (d) => byCode(d.diagnostics, 'rejected').length === 1 && byCode(d.diagnostics, 'skipped').length + byCode(d.diagnostics, 'unresolved').length + byCode(d.diagnostics, 'uncertified').length >= 1);
    const published = { uri: '', diagnostics };
    assert.equal(onLine(published, 'skipped', 4).length, 1, `acme-private-lib skipped: ${JSON.stringify(diagnostics.map((d) => [d.code, text(d)]))}`);
    assert.match(onLine(published, 'skipped', 4)[0], /packages\/private-lib/);
    const leaked = s.registry.requests.filter((r) => `${r.rawPath} ${r.body ?? ''}`.includes('acme-private-lib'));
    assert.deepEqual(leaked.map((r) => `${r.method} ${r.rawPath}`), [], 'the private name reached no registry endpoint');
  });

  it('uv workspaces: the root uv.lock pins a member even where the member has a stale uv.lock of its own', async () => {
    s.write('uvws/pyproject.toml', '[project]\nname = "root"\nversion = "0.1.0"\n\n[tool.uv.workspace]\nmembers = ["packages/*"]\n');
    s.write(
      'uvws/uv.lock',
      [
        'version = 1', 'requires-python = ">=3.9"', '', '[manifest]', 'members = ["member", "root"]', '',
        '[[package]]', 'name = "member"', 'version = "0.1.0"', 'source = { editable = "packages/member" }', 'dependencies = [{ name = "shared-lib" }]', '',
        '[[package]]', 'name = "root"', 'version = "0.1.0"', 'source = { virtual = "." }', '',
        '[[package]]', 'name = "shared-lib"', 'version = "2.0.0"', 'source = { registry = "https://pypi.org/simple" }', '',
      ].join('\n'),
    );
    s.write(
      'uvws/packages/member/uv.lock',
      ['version = 1', 'requires-python = ">=3.9"', '', '[[package]]', 'name = "shared-lib"', 'version = "1.0.0"', 'source = { registry = "https://pypi.org/simple" }', ''].join('\n'),
    );
    const manifest = '[project]\nname = "member"\nversion = "0.1.0"\ndependencies = [\n    "shared-lib>=1",\n]\n';
    const { diagnostics } = await s.openAndWait('uvws/packages/member/pyproject.toml', manifest, (d) => byCode(d.diagnostics, 'uncertified').length === 1);
    assert.match(text(byCode(diagnostics, 'uncertified')[0]), /shared-lib 2\.0\.0/);
  });
});
