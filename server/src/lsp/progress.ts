/** Work-done progress per document check, when the client supports server-initiated progress. */
import type { Connection, WorkDoneProgressServerReporter } from 'vscode-languageserver';

export class CheckProgress {
  private readonly reporters = new Map<string, Promise<WorkDoneProgressServerReporter | undefined>>();

  constructor(
    private readonly connection: Connection,
    private readonly supported: () => boolean,
  ) {}

  begin(uri: string, total: number): void {
    if (!this.supported() || this.reporters.has(uri)) return;
    const name = decodeURIComponent(uri.split('/').pop() ?? uri);
    const reporter = this.connection.window
      .createWorkDoneProgress()
      .then((r) => {
        r.begin('SIGMA', 0, `Checking ${total} ${total === 1 ? 'dependency' : 'dependencies'} in ${name}`, false);
        return r;
      })
      .catch(() => undefined);
    this.reporters.set(uri, reporter);
  }

  report(uri: string, done: number, total: number): void {
    void this.reporters.get(uri)?.then((r) => r?.report(total > 0 ? Math.round((done / total) * 100) : 100, `${done}/${total}`));
  }

  end(uri: string): void {
    const reporter = this.reporters.get(uri);
    this.reporters.delete(uri);
    void reporter?.then((r) => r?.done());
  }
}
