import assert from 'node:assert/strict';
import { DEFAULT_SETTINGS } from '../../../server/src/service/settings';
import { findPinTargets } from '../../../server/src/service/stages/pinTargets';
import type { Dependency, Resolution, TrustFacts } from '../../../server/src/service/model';
import type { VersionSource } from '../../../server/src/service/resolve/versionSource';

function facts(extra: Partial<TrustFacts>): TrustFacts {
  return { status: 'approved', certificate: null, rawCertificate: null, advisories: [], advisorySource: 'sigma', freshness: 'live', fetchedAt: 0, ...extra };
}

describe('pin targets', () => {
  it('never offers a version SIGMA counts high or critical advisories for, rows or not', async () => {
    const versions = {
      npmPackument: async () => ({ value: { versions: new Map([['1.0.0', {}], ['1.1.0', {}], ['1.2.0', {}]]), distTags: {} }, freshness: 'live', fetchedAt: 0 }),
      pypiProject: async () => ({ error: 'unused', networkFailure: false }),
    } as unknown as VersionSource;
    const byVersion: Record<string, TrustFacts> = {
      '1.2.0': facts({ advisories: [{ id: 'GHSA-x', aliases: [], source: 'sigma', severity: 'critical', title: 't' }] }),
      '1.1.0': facts({ advisoriesWithoutRows: { count: 2, highestSeverity: 'high' } }),
      '1.0.0': facts({ advisoriesWithoutRows: { count: 1, highestSeverity: 'low' } }),
    };
    const trust = {
      checkVersions: async (items: Array<{ registry: string; name: string; version: string }>) =>
        new Map(items.map((i) => [`${i.registry}:${i.name}@${i.version}`, byVersion[i.version]])),
    };
    const dep = { registry: 'npm', name: 'lib', normalizedName: 'lib', specifier: '^1.0.0', kind: 'range', constraint: '^1.0.0', section: 'dependencies' } as unknown as Dependency;
    const resolution: Resolution = { version: '1.2.0', resolvedFrom: 'registry', hashes: [] };
    const targets = await findPinTargets({ versions, trust }, dep, resolution, DEFAULT_SETTINGS);
    assert.equal(targets.withinIntent, '1.0.0');
    assert.equal(targets.newest, '1.0.0');
  });
});
