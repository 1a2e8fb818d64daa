// Driving the workbench as a person would (keyboard, mouse), for screenshots. Every step waits for the
// element it needs to appear, never for a fixed time.
import type { Locator, Page } from 'playwright-core';

const STEP_TIMEOUT_MS = 60_000;

export class Workbench {
  constructor(readonly page: Page) {}

  /** The workbench is up once the explorer shows the opened folder. */
  async ready(): Promise<void> {
    await this.page.locator('.monaco-workbench').waitFor({ timeout: STEP_TIMEOUT_MS });
    await this.page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout: STEP_TIMEOUT_MS });
  }

  /** Light or dark, as the workbench's root element says. */
  async waitForTheme(kind: 'light' | 'dark'): Promise<void> {
    await this.page.locator(`.monaco-workbench.${kind === 'light' ? 'vs' : 'vs-dark'}`).waitFor({ timeout: STEP_TIMEOUT_MS });
  }

  /** Quick Open (Ctrl+P) the workspace-relative path; resolves when its editor is active. */
  async openFile(relativePath: string): Promise<void> {
    await this.page.keyboard.press('Control+P');
    const input = this.page.locator('.quick-input-widget input');
    await input.waitFor({ timeout: STEP_TIMEOUT_MS });
    await input.fill(relativePath);
    const name = relativePath.split('/').pop() ?? relativePath;
    await this.page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first().waitFor({ timeout: STEP_TIMEOUT_MS });
    await this.page.keyboard.press('Enter');
    await this.page.locator('.tab.active', { hasText: name }).waitFor({ timeout: STEP_TIMEOUT_MS });
    await this.editor().locator('.view-line').first().waitFor({ timeout: STEP_TIMEOUT_MS });
  }

  /** The active text editor. */
  editor(): Locator {
    return this.page.locator('.editor-group-container.active .monaco-editor').first();
  }

  /** Runs a command by its palette title (F1). */
  async runCommand(title: string): Promise<void> {
    await this.page.keyboard.press('F1');
    const input = this.page.locator('.quick-input-widget input');
    await input.waitFor({ timeout: STEP_TIMEOUT_MS });
    await input.fill(`>${title}`);
    // The exact title: "Preferences: Color Theme" is also the start of "…Browse Color Themes…".
    const row = this.page
      .locator('.quick-input-list .monaco-list-row')
      .filter({ has: this.page.locator('.label-name', { hasText: new RegExp(`^${escapeRegExp(title)}$`) }) })
      .first();
    await row.click({ timeout: STEP_TIMEOUT_MS });
  }

  /** Opens the Problems panel and waits until it lists a problem containing `text`. */
  async showProblems(text: string): Promise<void> {
    // Ctrl+Shift+M toggles the panel, so only when it is not already showing.
    if (!(await this.page.locator('.markers-panel').isVisible())) await this.page.keyboard.press('Control+Shift+M');
    await this.page.locator('.markers-panel .monaco-list-row', { hasText: text }).first().waitFor({ timeout: STEP_TIMEOUT_MS });
  }

  /** Waits for a diagnostic squiggle in the active editor. */
  async waitForSquiggle(): Promise<void> {
    await this.editor()
      .locator('.squiggly-error, .squiggly-warning, .squiggly-info, .squiggly-hint')
      .first()
      .waitFor({ timeout: STEP_TIMEOUT_MS });
  }

  /** Waits until the active editor shows `text` on its lines (an inlay hint is injected text there). */
  async waitForLineText(text: string): Promise<void> {
    await this.editor().locator('.view-line', { hasText: text }).first().waitFor({ timeout: STEP_TIMEOUT_MS });
  }

  /** Hovers the first occurrence of `text` in the active editor and waits for the hover card. */
  async hoverText(text: string): Promise<void> {
    const target = this.editor().locator('.view-line span span', { hasText: text }).first();
    await target.waitFor({ timeout: STEP_TIMEOUT_MS });
    await target.hover();
    await this.page.locator('.monaco-hover:not(.hidden) .monaco-hover-content').first().waitFor({ timeout: STEP_TIMEOUT_MS });
    // The card first shows placeholders while the providers answer.
    await this.page.waitForFunction(
      () => {
        // innerText: the finished status bar keeps the "Checking" element, hidden.
        const hover = document.querySelector<HTMLElement>('.monaco-hover:not(.hidden)');
        return hover !== null && !/Loading\.\.\.|Checking for quick fixes/.test(hover.innerText);
      },
      undefined,
      { timeout: STEP_TIMEOUT_MS },
    );
  }

  /** Hides the bottom panel (Problems, Output…) to give the editor the room. */
  async hidePanel(): Promise<void> {
    // The command is offered only while the panel is visible.
    if (!(await this.page.locator('.part.panel').isVisible())) return;
    await this.runCommand('View: Hide Panel');
    await this.page.locator('.part.panel').waitFor({ state: 'hidden', timeout: STEP_TIMEOUT_MS });
  }

  /** Closes what a previous step left open (hover, quick input, panel focus) so shots start alike. */
  async dismiss(): Promise<void> {
    await this.page.keyboard.press('Escape');
    await this.page.mouse.move(0, 0);
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
