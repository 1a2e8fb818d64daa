/**
 * What happens when the language server dies: it is restarted a bounded number of times within a
 * window, and each time the user is told (a warning and a line in the output); past the bound it
 * stays stopped and the user is told how to start it again. Failed messages on a live connection
 * are logged and the connection kept, as the library's default does for the first few.
 */
import * as vscode from 'vscode';
import { CloseAction, ErrorAction, type CloseHandlerResult, type ErrorHandler, type ErrorHandlerResult } from 'vscode-languageclient/node';

export const MAX_RESTARTS = 4;
export const RESTART_WINDOW_MS = 3 * 60_000;

export class RestartPolicy implements ErrorHandler {
  private readonly crashes: number[] = [];
  /** Restarts done since activation, for the status bar tooltip and the tests. */
  restarts = 0;

  constructor(
    private readonly output: vscode.LogOutputChannel,
    private readonly now: () => number = Date.now,
  ) {}

  error(_error: Error, _message: unknown, count: number | undefined): ErrorHandlerResult {
    return { action: (count ?? 0) <= 3 ? ErrorAction.Continue : ErrorAction.Shutdown };
  }

  closed(): CloseHandlerResult {
    const now = this.now();
    this.crashes.push(now);
    while (this.crashes.length > 0 && now - this.crashes[0] > RESTART_WINDOW_MS) this.crashes.shift();
    if (this.crashes.length > MAX_RESTARTS) {
      const message = `The SIGMA language server stopped ${this.crashes.length} times in ${RESTART_WINDOW_MS / 60_000} minutes and will not be restarted. See SIGMA: Show Output, then reload the window.`;
      this.output.error(message);
      return { action: CloseAction.DoNotRestart, message };
    }
    this.restarts++;
    const message = `The SIGMA language server stopped unexpectedly and was restarted (${this.crashes.length} of ${MAX_RESTARTS} restarts allowed in ${RESTART_WINDOW_MS / 60_000} minutes).`;
    this.output.warn(message);
    void vscode.window.showWarningMessage(message, 'Show Output').then((pick) => {
      if (pick) this.output.show(true);
    });
    return { action: CloseAction.Restart, handled: true };
  }
}
