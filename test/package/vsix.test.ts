/**
 * `npm run package` as a publisher runs it, in a copy of the repository (so the production build never
 * replaces the dist/ the other tests use): the packed VSIX is opened and its file list, manifest and
 * README links are checked against what the Marketplace and VS Code's Details page need (README.md,
 * "Packaging"; .vscodeignore).
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as yauzl from 'yauzl';

const ROOT = path.resolve(__dirname, '../..');
/** Build output, caches and git data a clone does not have, or that packaging must make itself. */
const NOT_COPIED = new Set(['node_modules', '.git', 'dist', 'dist-test', 'out', 'test-results']);

function readZip(file: string): Promise<Map<string, Buffer>> {
  return new Promise((resolve, reject) => {
    yauzl.open(file, { lazyEntries: true }, (err, zip) => {
      if (err) return reject(err);
      const files = new Map<string, Buffer>();
      zip.on('error', reject);
      zip.on('end', () => resolve(files));
      zip.on('entry', (entry) => {
        zip.openReadStream(entry, (streamErr, stream) => {
          if (streamErr) return reject(streamErr);
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('error', reject);
          stream.on('end', () => {
            files.set(entry.fileName, Buffer.concat(chunks));
            zip.readEntry();
          });
        });
      });
      zip.readEntry();
    });
  });
}

function run(cmd: string, args: string[], cwd: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, output }));
  });
}

/** Relative link and image targets of a Markdown text (external URLs and in-page anchors left out). */
function relativeTargets(markdown: string): string[] {
  const targets = [...markdown.matchAll(/!?\[[^\]]*\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)].map((m) => m[1] ?? '');
  return targets.filter((t) => !/^([a-z][a-z0-9+.-]*:|#)/i.test(t)).map((t) => t.split('#')[0] ?? t);
}

describe('VSIX (npm run package)', function () {
  // A production build and a zip of a few MB, on a machine shared with other work.
  this.timeout(300_000);
  let tmp: string;
  let output: string;
  let files: Map<string, Buffer>;
  const inPackage = (p: string): string => `extension/${p}`;

  before(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sigma-vsix-'));
    fs.cpSync(ROOT, tmp, { recursive: true, filter: (src) => !(path.dirname(src) === ROOT && (NOT_COPIED.has(path.basename(src)) || src.endsWith('.vsix'))) });
    fs.symlinkSync(fs.realpathSync(path.join(ROOT, 'node_modules')), path.join(tmp, 'node_modules'));
    const result = await run('npm', ['run', 'package'], tmp);
    output = result.output;
    assert.equal(result.code, 0, output);
    const pkg = JSON.parse(fs.readFileSync(path.join(tmp, 'package.json'), 'utf8')) as { name: string; version: string };
    files = await readZip(path.join(tmp, `${pkg.name}-${pkg.version}.vsix`));
  });

  after(() => {
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('runs the production build once', () => {
    assert.equal(output.match(/node esbuild\.js --production/g)?.length, 1, output);
  });

  it('ships the extension’s bundles and its icon, and no CLI, sources, tests, maps or node_modules', () => {
    // vsce's own names for the README, the changelog and the licence.
    for (const f of ['package.json', 'readme.md', 'changelog.md', 'LICENSE.txt', 'dist/client.js', 'dist/server.js', 'dist/engine.js', 'dist/undici.js', 'dist/webview/preview.js', 'media/icon.png', 'media/sigma.svg']) {
      assert.ok(files.has(inPackage(f)), `${f} is in the VSIX`);
    }
    const names = [...files.keys()];
    assert.deepEqual(
      names.filter((n) => /^extension\/(dist\/cli\.js|node_modules\/|client\/|server\/|shared\/|test\/|scripts\/|bench\/|examples\/)|\.map$|\.ts$/.test(n)),
      [],
      'nothing the extension does not run or link to',
    );
  });

  it('every link and image of the packed README resolves to a file in the package, and so does every image of the pages it links to', () => {
    const readme = files.get(inPackage('readme.md'))?.toString('utf8') ?? '';
    const links = relativeTargets(readme);
    assert.ok(links.some((l) => l.endsWith('.png')) && links.includes('changelog.md'), `the README links images, pages and the changelog: ${links.join(' ')}`);
    const missing: string[] = [];
    for (const link of links) if (!files.has(inPackage(path.posix.normalize(link)))) missing.push(`README.md → ${link}`);
    for (const page of links.filter((l) => l.endsWith('.md'))) {
      const text = files.get(inPackage(page))?.toString('utf8') ?? '';
      for (const image of relativeTargets(text).filter((t) => /\.(png|svg|gif|jpe?g)$/i.test(t))) {
        const target = path.posix.normalize(path.posix.join(path.posix.dirname(page), image));
        if (!files.has(inPackage(target))) missing.push(`${page} → ${image}`);
      }
    }
    assert.deepEqual(missing, []);
  });

  it('declares a 128×128 PNG icon, categories, keywords and a gallery banner', () => {
    const manifest = JSON.parse(files.get(inPackage('package.json'))?.toString('utf8') ?? '{}') as Record<string, unknown>;
    assert.equal(manifest.icon, 'media/icon.png');
    assert.ok(Array.isArray(manifest.categories) && manifest.categories.length > 0);
    assert.ok(Array.isArray(manifest.keywords) && manifest.keywords.length > 0 && manifest.keywords.length <= 30);
    assert.match(String((manifest.galleryBanner as { color?: string } | undefined)?.color), /^#[0-9a-f]{6}$/i);
    const png = files.get(inPackage('media/icon.png'));
    assert.ok(png && png.subarray(1, 4).toString('latin1') === 'PNG', 'a PNG');
    assert.deepEqual([png.readUInt32BE(16), png.readUInt32BE(20)], [128, 128], 'IHDR width × height');
    const vsixManifest = files.get('extension.vsixmanifest')?.toString('utf8') ?? '';
    assert.match(vsixManifest, /<Icon>extension\/media\/icon\.png<\/Icon>/);
  });
});
