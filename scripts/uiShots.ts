// Screenshots of the extension's own UI (issue 6): the Dependencies view, the Registry Stats view and
// the draft preview panel. Driven through the palette and the keyboard as a user would; the webviews
// are found by their content among the page's frames (each webview is a nested iframe).
import type { Frame, Page } from 'playwright-core';
import type { Session } from '../test/e2e/harness/session';
import type { Workbench } from '../test/e2e/harness/ui';

const MANIFEST = 'web-app/package.json';
const STEP_TIMEOUT_MS = 60_000;

/** The frame (a webview's inner document) where `selector` matches. */
async function webviewWith(page: Page, selector: string): Promise<Frame> {
  const deadline = Date.now() + STEP_TIMEOUT_MS;
  while (Date.now() < deadline) {
    for (const frame of page.frames()) {
      if ((await frame.locator(selector).count().catch(() => 0)) > 0) return frame;
    }
    // Frames appear as the webview loads; there is no single event for "this content is in some frame".
    await page.waitForTimeout(250);
  }
  throw new Error(`no webview shows ${selector} after ${STEP_TIMEOUT_MS} ms`);
}

/** Expands (or collapses) a view of the SIGMA container by clicking its header. */
async function setViewExpanded(wb: Workbench, name: string, expanded: boolean): Promise<void> {
  const header = wb.page.locator('.pane-header', { hasText: name }).first();
  await header.waitFor({ timeout: STEP_TIMEOUT_MS });
  if ((await header.getAttribute('aria-expanded')) !== String(expanded)) await header.click();
  await wb.page.locator(`.pane-header[aria-expanded="${expanded}"]`, { hasText: name }).first().waitFor({ timeout: STEP_TIMEOUT_MS });
}

/** Drags the side bar's edge so the views show their descriptions and bars without cutting them. */
async function widenSideBar(wb: Workbench, width: number): Promise<void> {
  const sidebar = await wb.page.locator('.part.sidebar').boundingBox();
  if (!sidebar || sidebar.width >= width) return;
  const y = sidebar.y + sidebar.height / 2;
  await wb.page.mouse.move(sidebar.x + sidebar.width, y);
  await wb.page.mouse.down();
  await wb.page.mouse.move(sidebar.x + width, y, { steps: 5 });
  await wb.page.mouse.up();
}

/** Types into the open quick input (password box, input box or pick) and accepts. */
async function answer(wb: Workbench, text: string): Promise<void> {
  const input = wb.page.locator('.quick-input-widget input');
  await input.waitFor({ timeout: STEP_TIMEOUT_MS });
  await input.fill(text);
  await wb.page.keyboard.press('Enter');
  await wb.page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: STEP_TIMEOUT_MS });
}

export const UI_SHOTS: Record<string, (wb: Workbench, session: Session) => Promise<void>> = {
  /** The Dependencies view grouped by status next to the manifest, with the status bar counts. */
  dependencies: async (wb) => {
    await wb.openFile(MANIFEST);
    await wb.waitForSquiggle();
    // The status bar item's click is what reveals the view.
    const status = wb.page.locator('.statusbar-item', { hasText: '✗' }).first();
    await status.waitFor({ timeout: STEP_TIMEOUT_MS });
    await status.click();
    await widenSideBar(wb, 480);
    await setViewExpanded(wb, 'Registry Stats', false);
    await setViewExpanded(wb, 'Dependencies', true);
    await wb.page.locator('.monaco-list-row', { hasText: 'left-pad' }).first().waitFor({ timeout: STEP_TIMEOUT_MS });
  },
  /** The Registry Stats view with the room of the whole side bar. */
  stats: async (wb) => {
    await wb.runCommand('SIGMA: Show Registry Stats');
    await widenSideBar(wb, 480);
    await setViewExpanded(wb, 'Dependencies', false);
    await setViewExpanded(wb, 'Registry Stats', true);
    const frame = await webviewWith(wb.page, 'li.tier');
    await frame.locator('li.tier', { hasText: 'Top 1000' }).first().waitFor({ timeout: STEP_TIMEOUT_MS });
  },
  /**
   * The draft preview of draft_web_app_42, sorted by status (a real click on the header), after
   * setting the token in the password box. Also checks that the hostile fixture name is text.
   */
  preview: async (wb, session) => {
    await wb.openFile(MANIFEST);
    await wb.waitForSquiggle();
    await wb.runCommand('SIGMA: Set Developer Token');
    await answer(wb, session.registry.token);
    await setViewExpanded(wb, 'Dependencies', true);
    await wb.runCommand('SIGMA: Preview Draft Package Quote');
    await answer(wb, 'draft_web_app_42');
    const frame = await webviewWith(wb.page, 'table.quote');
    const statusHeader = frame.locator('button.sort[data-column="status"]');
    // Sorted already (a previous theme's shot): click until worst-first.
    for (let i = 0; i < 2 && (await frame.locator('th[aria-sort="ascending"] button.sort[data-column="status"]').count()) === 0; i++) await statusHeader.click();
    const first = await frame.locator('table.quote tbody tr th .name').first().textContent();
    if (first !== 'left-pad') throw new Error(`sorting by status should put the REJECTED left-pad first, not ${first}`);
    const injected = await frame.locator('#root img, #root script, #root a').count();
    if (injected > 0) throw new Error(`the preview rendered ${injected} element(s) from hostile text`);
    await wb.page.locator('.notifications-toasts .notification-toast').first().waitFor({ state: 'hidden', timeout: STEP_TIMEOUT_MS }).catch(() => undefined);
    // Keys typed while the webview has focus stay in its iframe: hand the focus back to the workbench
    // (the status bar item focuses the Dependencies view) so the next shot's shortcuts work.
    await wb.page.locator('.statusbar-item', { hasText: '✗' }).first().click();
    await wb.page.mouse.move(0, 0);
  },
};
