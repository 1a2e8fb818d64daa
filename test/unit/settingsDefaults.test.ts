/**
 * The service owns the settings (server/src/service/settings.ts, docs/settings.md); VS Code reads the
 * defaults from package.json's contributes.configuration, and the client uses those (it imports
 * nothing of the server). So the two lists must say the same thing, key by key.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_SETTINGS, normalizeSettings } from '../../server/src/service/settings';

const PACKAGE = JSON.parse(fs.readFileSync(path.join(__dirname, '../../package.json'), 'utf8')) as {
  contributes: { configuration: { properties: Record<string, { default?: unknown }> } | Array<{ properties: Record<string, { default?: unknown }> }> };
};
const configuration = PACKAGE.contributes.configuration;
const PROPERTIES = Object.assign({}, ...(Array.isArray(configuration) ? configuration : [configuration]).map((c) => c.properties)) as Record<string, { default?: unknown }>;

/** Settings VS Code itself or the client reads; the service never sees them. */
const CLIENT_ONLY = new Set(['sigma.trace.server']);

describe('settings defaults', () => {
  it("package.json declares every service setting with the service's default", () => {
    for (const [key, value] of Object.entries(DEFAULT_SETTINGS)) {
      const declared = PROPERTIES[`sigma.${key}`];
      assert.ok(declared, `package.json has no sigma.${key}`);
      assert.deepEqual(declared.default, value, `sigma.${key}`);
    }
  });

  it('the service has a default for every setting package.json declares', () => {
    const service = new Set(Object.keys(DEFAULT_SETTINGS).map((key) => `sigma.${key}`));
    const missing = Object.keys(PROPERTIES).filter((key) => key.startsWith('sigma.') && !CLIENT_ONLY.has(key) && !service.has(key));
    assert.deepEqual(missing, []);
  });

  it('reading nothing gives the defaults', () => {
    assert.deepEqual(normalizeSettings(undefined), DEFAULT_SETTINGS);
  });
});
