/**
 * What a first-time user of the CLI meets (docs/ci.md, "Command line" and "Output"): help at every
 * level, one-line usage errors with a hint, URL flags checked, colour only on a terminal or with an
 * explicit FORCE_COLOR, whole lines off a terminal, and a STATUS column that never reads better than
 * its worst finding.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CHECK_FLAGS, PREVIEW_FLAGS } from '../../server/src/cli/options';
import { runCli } from '../helpers/cliRunner';
import { cliWorkspace, type CliWorkspace } from '../helpers/cliProject';

const ROOT = path.resolve(__dirname, '../..');
const ESC = /\u001b\[/;

describe('CLI: help, usage errors and terminal output', function () {
  let ws: CliWorkspace;
  before(async () => {
    ws = await cliWorkspace();
  });
  after(() => ws.close());

  describe('help', () => {
    for (const [args, flags] of [
      [['check', '--help'], CHECK_FLAGS],
      [['check', '-h'], CHECK_FLAGS],
      [['preview', '--help'], PREVIEW_FLAGS],
      [['--help'], [...CHECK_FLAGS, ...PREVIEW_FLAGS]],
      [['help', 'check'], CHECK_FLAGS],
    ] as const) {
      it(`sigma-trust ${args.join(' ')}: exit 0, every flag on one line of its own`, async () => {
        const r = await runCli([...args], { cwd: ROOT });
        assert.equal(r.code, 0, r.stderr);
        assert.equal(r.stderr, '');
        assert.match(r.stdout, /^Usage:\n/);
        const lines = r.stdout.split('\n');
        for (const f of flags) {
          const own = lines.filter((l) => new RegExp(`^ {2}(-${f.short ?? '_'}, )?--${f.name}( |$)`).test(l));
          assert.ok(own.some((l) => l.includes(f.help)), `--${f.name}`);
        }
        assert.ok(lines.every((l) => l.length <= 130), 'no wrapped lines');
      });
    }

    it('every flag the help lists is accepted by the parser', async () => {
      for (const f of CHECK_FLAGS.filter((x) => x.name !== 'help')) {
        const r = await runCli(['check', 'no-such-dir', `--${f.name}`, ...(f.value ? ['x'] : [])], { cwd: ROOT });
        assert.doesNotMatch(r.stderr, /unknown option/, f.name);
      }
    });

    it('--version prints the version of package.json', async () => {
      const r = await runCli(['--version'], { cwd: ROOT });
      assert.equal(r.stdout, `${(JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version}\n`);
    });
  });

  describe('usage errors: exit 2, one line on stderr naming the problem and where help is', () => {
    const cases: Array<[string[], RegExp, string]> = [
      [['check', '--bogus'], /^sigma-trust: unknown option --bogus/, 'check'],
      [['check', '--format'], /^sigma-trust: --format needs a value/, 'check'],
      [['check', '--offline=yes'], /^sigma-trust: --offline takes no value/, 'check'],
      [['check', '--format', 'xml'], /--format must be text, json, sarif or markdown, got "xml"/, 'check'],
      [['check', '--api-url', 'not-a-url'], /--api-url must be an http\(s\) URL such as https:\/\/api\.soulbyte\.tech, got "not-a-url"/, 'check'],
      [['check', '--npm-registry-url', 'ftp://registry.example'], /--npm-registry-url must be an http\(s\) URL/, 'check'],
      [['check', '--pypi-url', ''], /--pypi-url must be an http\(s\) URL/, 'check'],
      [['check', '--timeout-ms', 'soon'], /--timeout-ms needs a positive whole number/, 'check'],
      [['check', '--allow-index-host', 'pypi.internal', '--allow-index-host', 'https://evil.example/simple'], /--allow-index-host takes HOST or HOST:PORT \(no scheme, path or wildcard\), got "https:\/\/evil\.example\/simple"/, 'check'],
      [['preview', 'd1', '--api-url', 'api.soulbyte.tech'], /--api-url must be an http\(s\) URL/, 'preview'],
      [['preview', '--bogus'], /unknown option --bogus/, 'preview'],
      [['preview'], /preview takes exactly one DRAFT_ID/, 'preview'],
      [['chek'], /unknown command "chek"/, ''],
      [[], /missing command/, ''],
    ];
    for (const [args, message, command] of cases) {
      it(`sigma-trust ${args.map((a) => JSON.stringify(a)).join(' ')}`, async () => {
        const r = await runCli(args, { cwd: ROOT, env: { SIGMA_TOKEN: 'sigma_dev_test_token' } });
        assert.equal(r.code, 2);
        assert.equal(r.stdout, '');
        assert.equal(r.stderr.split('\n').length, 2, `one line: ${r.stderr}`);
        assert.match(r.stderr, message);
        assert.ok(r.stderr.endsWith(`(see 'sigma-trust ${command ? `${command} ` : ''}--help')\n`), r.stderr);
      });
    }
  });

  describe('terminal output', () => {
    const files = { 'package.json': '{ "dependencies": { "left-pad": "1.3.0", "express": "4.19.2" } }' };

    it("FORCE_COLOR='' or 0 is not a request for colour; FORCE_COLOR=1 and a terminal are", async () => {
      const dir = ws.project(files);
      for (const value of ['', '0', 'false']) {
        const r = await ws.check(['.'], { cwd: dir, env: { FORCE_COLOR: value } });
        assert.doesNotMatch(r.stdout, ESC, `FORCE_COLOR=${JSON.stringify(value)}`);
      }
      assert.match((await ws.check(['.'], { cwd: dir, env: { FORCE_COLOR: '1' } })).stdout, /\u001b\[31m✗ rejected/);
      assert.match((await ws.check(['.'], { cwd: dir, tty: true })).stdout, /\u001b\[31m✗ rejected/);
      assert.doesNotMatch((await ws.check(['.'], { cwd: dir, tty: true, env: { NO_COLOR: '1' } })).stdout.replace(/\r\u001b\[K/g, ''), ESC);
    });

    it('off a terminal no cell or message is cut; on a terminal long ones are', async () => {
      const long = `very-long-package-name-${'x'.repeat(150)}`;
      const dir = ws.project({ 'requirements.txt': `${long}>=1.0\n` });
      const piped = await ws.check(['.'], { cwd: dir });
      assert.match(piped.stdout, new RegExp(`^ {2}${long} `, 'm'), 'the whole name in the table');
      const message = piped.stdout.split('\n').find((l) => l.includes(' unresolved '))!;
      assert.ok(message.includes(long) && !message.endsWith('…'), message);
      const tty = await ws.check(['.'], { cwd: dir, tty: true });
      // stdout and stderr arrive merged under a terminal; stderr's list of unchecked packages is not cut.
      const tableRow = tty.stdout.split(/\r?\n/).find((l) => l.startsWith('  very-long-package-name-'))!;
      assert.ok(!tableRow.includes(long), `cut to the terminal: ${tableRow}`);
      assert.match(tableRow, /very-long-package-name-x+…/);
    });

    it('the STATUS column is marked by the worst finding: an integrity mismatch on an approved version is ✗', async () => {
      const dir = ws.project({ 'requirements.txt': `requests==2.31.0 --hash=sha256:${'0'.repeat(64)}\nDjango==5.0.3\n` });
      const r = await ws.check(['.'], { cwd: dir });
      assert.equal(r.code, 1, 'an integrity mismatch fails the default gate');
      assert.match(r.stdout, /^ {2}requests +2\.31\.0 +exact +✗ approved, integrity-mismatch$/m);
      assert.match(r.stdout, /^ {2}django +5\.0\.3 +exact +✓ approved$/m);
    });

    it('"offline" is only said with --offline; an unreachable registry says so', async () => {
      const dir = ws.project({ 'package.json': '{ "dependencies": { "express": "4.19.2" } }' });
      const down = 'http://127.0.0.1:1';
      const unreachable = await runCli(['check', '.', '--api-url', down, '--npm-registry-url', down, '--pypi-url', down, '--cache-dir', path.join(ws.tmp, 'down-cache')], { cwd: dir });
      assert.match(unreachable.stdout, /^ {2}express +4\.19\.2 +exact +⚠ registry unreachable$/m);
      assert.doesNotMatch(unreachable.stdout, /offline/);
      const offline = await ws.check(['.', '--offline'], { cwd: dir });
      assert.match(offline.stdout, /^ {2}express +4\.19\.2 +exact +⚠ offline, not cached$/m);
    });

    it('one wording for dependencies installed from git, in npm and Python manifests', async () => {
      const dir = ws.project({
        'package.json': '{ "dependencies": { "ui-kit": "github:acme/ui-kit#v2" } }',
        'requirements.txt': 'mylib @ git+https://example.com/acme/mylib.git\n',
      });
      const report = JSON.parse((await ws.check(['.', '--format', 'json'], { cwd: dir })).stdout) as { manifests: Array<{ dependencies: Array<{ findings: Array<{ message: string }> }> }> };
      const messages = report.manifests.flatMap((m) => m.dependencies.flatMap((d) => d.findings.map((f) => f.message)));
      assert.deepEqual(messages, [
        'ui-kit: not checked — installed from a git repository, not from the npm registry',
        'mylib: not checked — installed from a git repository, not from a package index',
      ]);
    });
  });
});
