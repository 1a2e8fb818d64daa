// The few lines the suite (inside the extension host) and the runner (outside, reading the host's
// console through the workbench) use to talk to each other. Shared so both sides spell them alike.

/** `__E2E_RESULT__ {"passed":N,"failed":M}`: the suite's counts, logged once when mocha finishes. */
export const RESULT_MARKER = '__E2E_RESULT__';

/** `__E2E_SCREENSHOT__ name`: the suite asks the runner to photograph the workbench now. */
export const SCREENSHOT_MARKER = '__E2E_SCREENSHOT__';

/**
 * Environment variable (set through the workbench's `extensionEnvironment`) naming a folder where the
 * runner drops `<name>.done` once the screenshot `name` is saved. Absent when no runner can take
 * screenshots (e.g. under @vscode/test-electron); the suite then does not ask.
 */
export const ACK_DIR_ENV = 'SIGMA_E2E_ACK_DIR';

export interface SuiteResult {
  passed: number;
  failed: number;
}

/** Reads a result line; undefined for any other line. */
export function parseResultLine(line: string): SuiteResult | undefined {
  const at = line.indexOf(RESULT_MARKER);
  if (at < 0) return undefined;
  try {
    const value: unknown = JSON.parse(line.slice(at + RESULT_MARKER.length));
    if (typeof value !== 'object' || value === null) return undefined;
    const { passed, failed } = value as Record<string, unknown>;
    if (typeof passed !== 'number' || typeof failed !== 'number') return undefined;
    return { passed, failed };
  } catch {
    return undefined;
  }
}

/** Reads a screenshot request; undefined for any other line. Names are restricted to safe file names. */
export function parseScreenshotLine(line: string): string | undefined {
  const m = new RegExp(`${SCREENSHOT_MARKER} ([A-Za-z0-9_-]+)\\s*$`).exec(line);
  return m?.[1];
}
