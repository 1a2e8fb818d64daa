// Screenshots of the extension as a user sees it, in a real VS Code (code-server + headless Chromium),
// in the light and the dark default theme, saved as docs/screenshots/<shot>-<theme>.png.
// Run: npm run build && node --import tsx scripts/screenshots.ts [shot ...]
// Adding a shot: one more entry in SHOTS, a function that brings the workbench into the state to show.
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { startSession, type Session } from '../test/e2e/harness/session';
import { loadExampleData } from '../test/registry/index';
import { Workbench } from '../test/e2e/harness/ui';
import { UI_SHOTS } from './uiShots';

const REPO = resolve(__dirname, '..');
const OUT = join(REPO, 'docs', 'screenshots');
const WORKSPACE = join(REPO, 'examples');
const MANIFEST = 'web-app/package.json';

const THEMES = {
  light: 'Default Light Modern',
  dark: 'Default Dark Modern',
} as const;
type Theme = keyof typeof THEMES;

function settings(theme: Theme): Record<string, unknown> {
  return {
    'workbench.colorTheme': THEMES[theme],
    // Sticky scroll would lay the section header over the lines the mouse must reach.
    'editor.stickyScroll.enabled': false,
  };
}

type Shot = (wb: Workbench, session: Session) => Promise<void>;

const SHOTS: Record<string, Shot> = {
  /** The manifest with its squiggles and the Problems panel listing SIGMA's findings. */
  diagnostics: async (wb) => {
    await wb.openFile(MANIFEST);
    await wb.waitForSquiggle();
    // The inline status of the last dependency on screen: every hint above it has arrived with it.
    await wb.waitForLineText('✗ rejected');
    await wb.showProblems('sigma');
  },
  /** The hover card of a rejected dependency (examples/README.md: left-pad). */
  hover: async (wb) => {
    await wb.openFile(MANIFEST);
    await wb.waitForSquiggle();
    await wb.waitForLineText('✗ rejected');
    await wb.hidePanel();
    await wb.hoverText('left-pad');
  },
  ...UI_SHOTS,
};

async function main(): Promise<void> {
  const only = process.argv.slice(2);
  const unknown = only.filter((name) => !(name in SHOTS));
  if (unknown.length > 0) throw new Error(`unknown shot(s) ${unknown.join(', ')}; known: ${Object.keys(SHOTS).join(', ')}`);
  const shots = Object.entries(SHOTS).filter(([name]) => only.length === 0 || only.includes(name));
  mkdirSync(OUT, { recursive: true });
  // One session per theme: reloading the workbench into the other theme sometimes restored a side bar
  // without the Explorer, and a fresh session costs only its start.
  for (const theme of Object.keys(THEMES) as Theme[]) await shootTheme(theme, shots);
}

async function shootTheme(theme: Theme, shots: [string, Shot][]): Promise<void> {
  // The example data, as the demo serves it: the hostile strings of the test data stay out of the docs.
  const session = await startSession({ repoRoot: REPO, workspace: WORKSPACE, userSettings: settings(theme), registryData: loadExampleData() });
  let failed = true;
  try {
    await session.open({ extensionDevelopmentPath: resolve(process.env.SIGMA_E2E_EXTENSION ?? REPO) });
    const wb = new Workbench(session.page);
    await wb.ready();
    await wb.waitForTheme(theme);
    for (const [name, shot] of shots) {
      await wb.dismiss();
      await shot(wb, session);
      const file = join(OUT, `${name}-${theme}.png`);
      await session.page.screenshot({ path: file });
      console.log(`[screenshots] ${file}`);
    }
    failed = false;
  } finally {
    await session.close(failed);
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
