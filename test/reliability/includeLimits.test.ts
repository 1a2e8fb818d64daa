/**
 * docs/security.md, "What a manifest may not decide": `-r`/`-c` includes are followed only inside the
 * workspace folder (the CLI: the folder it was given). Absolute paths, `..` out of the folder, links
 * out of it, devices and FIFOs are an error on their line, and nothing is read from them; `-r
 * /dev/stdin` with an open, silent stdin must not hang the CLI.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { loadFixtureData, startRegistry, type LocalRegistry } from '../registry';
import { TestLspClient } from '../helpers/lspClient';
import { CLI_JS, diagnosticsOf, settle, tempDir, writeFile } from './harness';

const REFUSED_LINES = ['-r /etc/passwd', '-r /dev/stdin', '-c ../outside.txt', '-r link-out.txt', '-r fifo.txt', '-r dev-link.txt', '-r sub/../../outside.txt'];

function textOf(d: Diagnostic): string {
  return typeof d.message === 'string' ? d.message : d.message.value;
}

/** The CLI with stdin an open pipe that never ends: reading /dev/stdin would block forever. */
function runWithOpenStdin(args: string[], cwd: string, timeoutMs: number): Promise<{ code: number | null; stdout: string; stderr: string; timedOut: boolean }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI_JS, ...args], { cwd, env: { ...process.env, SIGMA_TOKEN: '', SIGMA_DEBUG: '' }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      child.stdin.destroy();
      resolve({ code, stdout, stderr, timedOut });
    });
  });
}

describe('reliability: -r/-c includes stay inside the workspace folder', function () {
  this.timeout(90_000);
  let registry: LocalRegistry;
  let dir: string;
  let ws: string;

  before(async () => {
    registry = await startRegistry({ quiet: true, data: loadFixtureData() });
    dir = tempDir('includes');
    ws = path.join(dir, 'ws');
    writeFile(dir, 'outside.txt', 'outside-only-package==1.0.0\n');
    writeFile(dir, 'ws/inside.txt', 'requests==2.31.0\n');
    writeFile(dir, 'ws/requirements.txt', [...REFUSED_LINES, '-r inside.txt', 'flask>=3.0', ''].join('\n'));
    fs.symlinkSync(path.join(dir, 'outside.txt'), path.join(ws, 'link-out.txt'));
    fs.symlinkSync('/dev/stdin', path.join(ws, 'dev-link.txt'));
    execFileSync('mkfifo', [path.join(ws, 'fifo.txt')]);
  });

  after(async () => {
    await registry?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('CLI: each refused include is an error on its line, nothing is read from it, -r /dev/stdin does not hang', async () => {
    registry.clearLog();
    const flags = ['--api-url', registry.url, '--npm-registry-url', registry.url, '--pypi-url', registry.url, '--cache-dir', path.join(dir, '.cache')];
    const run = await runWithOpenStdin(['check', 'ws', '--format', 'json', ...flags], dir, 20_000);
    assert.equal(run.timedOut, false, `the CLI hung: ${run.stderr}`);
    const report = JSON.parse(run.stdout) as { manifests: Array<{ path: string; errors: Array<{ message: string; range: { start: { line: number } } }>; dependencies: Array<{ name: string }> }> };
    assert.deepEqual(report.manifests.map((m) => m.path).sort(), ['ws/inside.txt', 'ws/requirements.txt']);
    const main = report.manifests.find((m) => m.path === 'ws/requirements.txt')!;
    const refusedLines = main.errors.filter((e) => /is not followed/.test(e.message)).map((e) => e.range.start.line);
    assert.deepEqual(refusedLines, REFUSED_LINES.map((_, i) => i), JSON.stringify(main.errors, null, 1));
    assert.ok(!run.stdout.includes('root:') && !run.stdout.includes('outside-only-package'), 'nothing from the refused files is in the report');
    assert.ok(registry.requests.every((r) => r.package !== 'outside-only-package' && r.package !== 'root'), 'nothing from the refused files was looked up');
  });

  it('CLI: a file given directly may include siblings of its folder inside the working folder, but not climb out of it', async () => {
    writeFile(dir, 'ws/requirements/dev.txt', '-r ../inside.txt\n-r ../../outside.txt\n');
    const flags = ['--api-url', registry.url, '--npm-registry-url', registry.url, '--pypi-url', registry.url, '--cache-dir', path.join(dir, '.cache')];
    const run = await runWithOpenStdin(['check', 'requirements/dev.txt', '--format', 'json', ...flags], ws, 20_000);
    const report = JSON.parse(run.stdout) as { manifests: Array<{ path: string; errors: Array<{ message: string }> }> };
    assert.deepEqual(report.manifests.map((m) => m.path).sort(), ['inside.txt', 'requirements/dev.txt']);
    assert.match(report.manifests.find((m) => m.path === 'requirements/dev.txt')!.errors.map((e) => e.message).join(' | '), /'\.\.\/\.\.\/outside\.txt' is not followed/);
  });

  it('CLI: a symlinked manifest found in a folder is checked when it leads to a file inside that folder, not outside', async () => {
    writeFile(dir, 'walk/real/requirements.txt', 'requests==2.31.0\n');
    writeFile(dir, 'walk-outside/requirements.txt', 'outside-only-package==1.0.0\n');
    fs.mkdirSync(path.join(dir, 'walk/linked'));
    fs.mkdirSync(path.join(dir, 'walk/out'));
    fs.symlinkSync('../real/requirements.txt', path.join(dir, 'walk/linked/requirements.txt'));
    fs.symlinkSync(path.join(dir, 'walk-outside/requirements.txt'), path.join(dir, 'walk/out/requirements.txt'));
    fs.symlinkSync('/dev/stdin', path.join(dir, 'walk/requirements-dev.txt'));
    const flags = ['--api-url', registry.url, '--npm-registry-url', registry.url, '--pypi-url', registry.url, '--cache-dir', path.join(dir, '.cache')];
    const run = await runWithOpenStdin(['check', 'walk', '--format', 'json', ...flags], dir, 20_000);
    assert.equal(run.timedOut, false, run.stderr);
    const report = JSON.parse(run.stdout) as { manifests: Array<{ path: string }> };
    assert.deepEqual(report.manifests.map((m) => m.path).sort(), ['walk/linked/requirements.txt', 'walk/real/requirements.txt']);
    assert.ok(!run.stdout.includes('outside-only-package'));
  });

  it('language server: each refused include is an error on its line; the include inside the folder is not', async () => {
    const { client } = await TestLspClient.start({
      cacheDir: path.join(dir, '.cache-lsp'),
      workspaceFolders: [ws],
      settings: { apiUrl: registry.url, npmRegistryUrl: registry.url, pypiUrl: registry.url },
    });
    try {
      const text = fs.readFileSync(path.join(ws, 'requirements.txt'), 'utf8');
      const { uri } = writeFile(dir, 'ws/requirements.txt', text);
      await settle(client, () => client.open(uri, 'pip-requirements', text), 'the check', [uri]);
      const refused = diagnosticsOf(client, uri).filter((d) => d.code === 'parse-error' && /is not followed/.test(textOf(d)));
      assert.deepEqual(
        refused.map((d) => ({ line: d.range.start.line, severity: d.severity })),
        REFUSED_LINES.map((_, i) => ({ line: i, severity: 1 })),
      );
      assert.equal(diagnosticsOf(client, uri).filter((d) => d.range.start.line === REFUSED_LINES.length).length, 0, 'the include inside the folder is fine');
    } finally {
      await client.stop();
    }
  });
});
