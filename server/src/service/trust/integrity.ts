/**
 * Do the bytes the user pins match the bytes SIGMA reviewed (docs/registry-api.md §2)?
 *
 * A requirement often pins several files of one version (`--hash` per wheel and sdist, or every
 * file a lockfile records), and the installer accepts whichever of them it downloads. SIGMA
 * reviewed one distribution, `distributionSha256`. So:
 *   - `match`: the reviewed file is among the pinned ones (the pin allows the reviewed bytes;
 *     the installer may still pick another pinned file for another platform);
 *   - `mismatch`: hashes are pinned and none of them is the reviewed file — what would be
 *     installed is not what SIGMA reviewed;
 *   - `unknown`: nothing to compare (no pin, or no readable certificate hash).
 */
export type HashComparison = 'match' | 'mismatch' | 'unknown';

/** Lower-case hex of a sha256 written as hex, optionally `sha256:`-prefixed; undefined otherwise. */
function normaliseSha256(value: string): string | undefined {
  const hex = value.trim().toLowerCase().replace(/^sha256[:=-]/, '');
  return /^[0-9a-f]{64}$/.test(hex) ? hex : undefined;
}

export function compareHashes(pinned: readonly string[], distributionSha256?: string): HashComparison {
  const reviewed = distributionSha256 === undefined ? undefined : normaliseSha256(distributionSha256);
  const pins = pinned.map(normaliseSha256).filter((hash): hash is string => hash !== undefined);
  if (reviewed === undefined || pins.length === 0) return 'unknown';
  return pins.includes(reviewed) ? 'match' : 'mismatch';
}
