// VS Code's own logs of a run (extension host, each extension's output channels), kept in
// test-results/e2e/logs because the run dir is deleted; on failure the extension's channel is the
// first place to look (a language server that did not start shows only there).
import { cpSync, existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

export function keepLogs(userData: string, target: string): void {
  rmSync(target, { recursive: true, force: true });
  const logs = join(userData, 'logs');
  if (existsSync(logs)) cpSync(logs, target, { recursive: true });
}

/** The last lines of each output channel the extension `publisher.name` wrote, under `logsDir`. */
export function extensionLogTail(logsDir: string, extensionManifest: string, lines = 40): string[] {
  if (!existsSync(logsDir) || !existsSync(extensionManifest)) return [];
  const { publisher, name } = JSON.parse(readFileSync(extensionManifest, 'utf8')) as { publisher?: string; name?: string };
  const id = `${publisher ?? ''}.${name ?? ''}`.toLowerCase();
  const out: string[] = [];
  for (const file of readdirSync(logsDir, { recursive: true, encoding: 'utf8' })) {
    const parts = file.split('/');
    if (!file.endsWith('.log') || parts.at(-2)?.toLowerCase() !== id) continue;
    const text = readFileSync(join(logsDir, file), 'utf8').trimEnd().split('\n');
    out.push(`--- ${file} (last ${Math.min(lines, text.length)} lines)`, ...text.slice(-lines));
  }
  return out;
}
