// The two hooks the workbench's smoke-test driver calls: `codeAutomationLog(level, message)` for every
// entry of the workbench's log (which carries the extension host's console while tests run), and
// `codeAutomationExit(code)` when `run()` settles.
// The hooks must exist before the workbench loads, so they are exposed before navigating.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { parseResultLine, parseScreenshotLine, type SuiteResult } from '../protocol';

export interface AutomationOptions {
  /** Receives each console line of the extension host. */
  onLine(line: string): void;
  /** Folder for the PNGs the suite asks for. */
  screenshotDir: string;
  /** Folder the suite watches for `<name>.done`. */
  ackDir: string;
}

export interface Automation {
  /** Settles with the suite's exit code (0 when `run()` resolved). */
  readonly exitCode: Promise<number>;
  /** The counts the suite logged, once it did. */
  result(): SuiteResult | undefined;
  /** Screenshots saved so far. */
  readonly screenshots: string[];
}

export async function exposeAutomation(page: Page, opts: AutomationOptions): Promise<Automation> {
  let result: SuiteResult | undefined;
  const screenshots: string[] = [];
  let exit!: (code: number) => void;
  const exitCode = new Promise<number>((resolve) => (exit = resolve));
  // Screenshots are taken one after the other: a second request must not photograph a half-done first.
  let shooting = Promise.resolve();

  const screenshot = async (name: string): Promise<void> => {
    mkdirSync(opts.screenshotDir, { recursive: true });
    const file = join(opts.screenshotDir, `${name}.png`);
    try {
      await page.screenshot({ path: file });
      screenshots.push(file);
    } catch (err) {
      opts.onLine(`[e2e] screenshot ${name} failed: ${(err as Error).message}`);
    }
    // Acknowledge even a failed shot, so the suite goes on; the missing file is the failure.
    writeFileSync(join(opts.ackDir, `${name}.done`), '');
  };

  await page.exposeFunction('codeAutomationLog', (level: unknown, message: unknown) => {
    for (const line of toLines(level, message)) {
      opts.onLine(line);
      result = parseResultLine(line) ?? result;
      const shot = parseScreenshotLine(line);
      if (shot !== undefined) shooting = shooting.then(() => screenshot(shot));
    }
  });
  await page.exposeFunction('codeAutomationExit', async (code: unknown) => {
    await shooting;
    exit(typeof code === 'number' ? code : 1);
  });
  return { exitCode, result: () => result, screenshots };
}

/** The workbench passes a log level and one message, which may hold newlines. */
function toLines(level: unknown, message: unknown): string[] {
  const parts = Array.isArray(message) ? message : [message];
  const text = parts.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' ');
  const prefix = level === 'error' || level === 'warn' ? `[${level}] ` : '';
  return text.split(/\r?\n/).map((l) => prefix + l);
}
