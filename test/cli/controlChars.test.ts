/**
 * Terminal control characters from the network never reach the terminal (README.md, docs/security.md):
 * a hostile registry puts escape sequences into the verdict (the STATUS column), a retained warning,
 * an advisory id and title; the text report shows the words, never the sequences.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startRegistry, type LocalRegistry } from '../registry';
import { registryFlags, runCli } from '../helpers/cliRunner';
import { certificate, dataWith } from '../helpers/testData';

const CLEAR_SCREEN = '\u001b[2J\u001b[H';
const SET_TITLE = '\u001b]0;owned\u0007';
const C1_CSI = '\u009b31m';
const HOSTILE = `${CLEAR_SCREEN}${SET_TITLE}${C1_CSI}`;

describe('CLI: control characters from the network', function () {
  let registry: LocalRegistry;
  let tmp: string;
  before(async () => {
    registry = await startRegistry({
      quiet: true,
      data: dataWith(
        certificate('npm', 'express', '4.19.2', {
          councilVerdict: `NEEDS_REVIEW${HOSTILE}`,
          retainedWarnings: [`evil${HOSTILE} warning`],
          registryAdvisoryCount: 1,
          registryAdvisoryHighestSeverity: 'high',
          registryAdvisories: [{ id: `GHSA-${HOSTILE}x`, severity: 'high', title: `title${HOSTILE}\r\nfake line`, url: 'https://example.invalid/a' }],
        }),
      ),
    });
    tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'sigma-ctl-')));
    fs.writeFileSync(path.join(tmp, 'package.json'), '{ "dependencies": { "express": "4.19.2" } }');
  });
  after(async () => {
    await registry.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('the text report (STATUS column and finding lines) carries no control character, colour or not', async () => {
    for (const env of [{}, { FORCE_COLOR: '1' }]) {
      const r = await runCli(['check', '.', ...registryFlags(registry.url), '--cache-dir', path.join(tmp, `cache-${Object.keys(env).length}`)], { cwd: tmp, env });
      // Our own colour is SGR only (ESC [ n m); anything else, and any other control character, came from the network.
      const withoutOwnColour = r.stdout.replace(/\u001b\[\d+m/g, '');
      assert.doesNotMatch(withoutOwnColour, /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/, JSON.stringify(r.stdout));
      assert.doesNotMatch(r.stdout, /\u001b\[2J|\u001b\]|owned/);
      // The STATUS cell is marked by the worst finding: the high advisory makes it ✗ (docs/ci.md, "Output").
      assert.match(withoutOwnColour, /✗ needs_review/);
      assert.match(withoutOwnColour, /evil +warning/);
      assert.match(withoutOwnColour, /title +fake line/);
      assert.doesNotMatch(r.stderr, /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
    }
  });
});
