/**
 * The extension's own call to the draft package-preview endpoint: the only request that carries the
 * developer token, made here and not in the language server. Uses the project's HTTP client (HTTPS
 * unless loopback, authorization dropped on a cross-origin redirect) with VS Code's proxy settings.
 */
import * as vscode from 'vscode';
import { createHttpClient, type HttpClient } from '../../../shared/node/http/httpClient';
import { fetchDraftPreview, type DraftPreview, type DraftPreviewResult } from '../../../shared/src/preview';
import { destinationsFor } from '../../../shared/src/destinations';

export class PreviewFetcher implements vscode.Disposable {
  private client: HttpClient | undefined;

  private http(): HttpClient {
    const sigma = vscode.workspace.getConfiguration('sigma');
    const http = vscode.workspace.getConfiguration('http');
    const proxy = http.get<string>('proxy', '').trim();
    // The defaults are package.json's (contributes.configuration), the same as the service's (docs/settings.md).
    const options = {
      maxConcurrentRequests: sigma.get<number>('maxConcurrentRequests'),
      requestTimeoutMs: sigma.get<number>('requestTimeoutMs'),
      strictSSL: http.get<boolean>('proxyStrictSSL', true),
      noProxy: http.get<string[]>('noProxy', []),
      sensitiveHeaders: ['authorization'],
      // The token's one request goes to the API origin and nowhere else, redirects included (docs/security.md).
      destinations: destinationsFor({ apiUrl: this.apiUrl(), npmRegistryUrl: this.apiUrl(), pypiUrl: this.apiUrl(), allowedIndexHosts: [] }),
      userAgent: 'sigma-package-trust-vscode',
      ...(proxy ? { proxyUrl: proxy } : {}),
    };
    if (this.client) this.client.updateOptions(options);
    else this.client = createHttpClient(options);
    return this.client;
  }

  apiUrl(): string {
    return vscode.workspace.getConfiguration('sigma').get<string>('apiUrl') ?? '';
  }

  fetch(draftId: string, token: string, signal: AbortSignal): Promise<DraftPreviewResult> {
    return fetchDraftPreview(this.http(), this.apiUrl(), draftId, token, signal);
  }

  dispose(): void {
    void this.client?.close();
  }
}

export type { DraftPreview, DraftPreviewResult };
