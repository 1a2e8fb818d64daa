/** Tolerant reading of the registry statistics (docs/registry-api.md §4) into the shared `RegistryStats` shape. */
import type { CoverageTier, RegistryStats } from '../../../../shared/src/protocol';
import { isObject, own, readNumber, safeKeys } from '../../../../shared/src/jsonReading';

/** More registries or tiers than this is not a real answer; the rest is ignored. */
const MAX_KEYS = 20;

function readTier(value: unknown): CoverageTier | undefined {
  if (!isObject(value)) return undefined;
  const tier: CoverageTier = {};
  for (const key of ['tracked', 'certified', 'percent'] as const) {
    const number = readNumber(own(value, key));
    if (number !== undefined) tier[key] = number;
  }
  return Object.keys(tier).length > 0 ? tier : undefined;
}

/** Null when the answer is not an object; otherwise every readable figure, missing ones left out. */
export function readRegistryStats(json: unknown): RegistryStats | null {
  if (!isObject(json)) return null;
  const stats: RegistryStats = { coverage: {} };
  for (const key of ['totalPackagesCertified', 'totalSubmissionsBenefitingFromCache', 'totalCostSavedUsd', 'codeSubmissionsWithPackages'] as const) {
    const number = readNumber(own(json, key));
    if (number !== undefined) stats[key] = number;
  }
  const coverage = own(json, 'coverage');
  if (!isObject(coverage)) return stats;
  const registries: Array<[string, Record<string, CoverageTier>]> = [];
  for (const registry of safeKeys(coverage).slice(0, MAX_KEYS)) {
    const tiers = coverage[registry];
    if (!isObject(tiers)) continue;
    const read: Array<[string, CoverageTier]> = [];
    for (const name of safeKeys(tiers).slice(0, MAX_KEYS)) {
      const tier = readTier(tiers[name]);
      if (tier !== undefined) read.push([name.slice(0, 50), tier]);
    }
    if (read.length > 0) registries.push([registry.slice(0, 50), Object.fromEntries(read)]);
  }
  stats.coverage = Object.fromEntries(registries);
  return stats;
}
