/**
 * Settings are pulled per document with workspace/configuration (section `sigma`), cached per
 * document URI, and dropped on didChangeConfiguration.
 */
import type { Connection } from 'vscode-languageserver';
import { normalizeSettings, type SigmaSettings } from '../service/settings';

export { normalizeSettings };

export class SettingsCache {
  private readonly byUri = new Map<string, Promise<SigmaSettings>>();

  constructor(
    private readonly connection: Connection,
    private readonly canPull: () => boolean,
    private readonly fallback: () => unknown,
    /** Sees every freshly read settings object (to tell the user about entries it refuses). */
    private readonly onRead: (settings: SigmaSettings) => void = () => undefined,
  ) {}

  get(uri: string): Promise<SigmaSettings> {
    let settings = this.byUri.get(uri);
    if (!settings) {
      settings = (
        this.canPull()
          ? this.connection.workspace.getConfiguration({ scopeUri: uri, section: 'sigma' }).then(normalizeSettings, () => normalizeSettings(this.fallback()))
          : Promise.resolve(normalizeSettings(this.fallback()))
      ).then((read) => {
        this.onRead(read);
        return read;
      });
      this.byUri.set(uri, settings);
    }
    return settings;
  }

  forget(uri: string): void {
    this.byUri.delete(uri);
  }

  clear(): void {
    this.byUri.clear();
  }
}
