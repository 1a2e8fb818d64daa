/**
 * Subresource Integrity strings (npm `integrity`, yarn Berry / bun checksums in SRI form): the
 * sha256 a lockfile pins, in the lower-case hex that SIGMA's `distributionSha256` uses, so a tree
 * package's pin is compared with the reviewed bytes like a requirements `--hash` (docs/tree.md).
 */

/** Base64 → lower-case hex; undefined for text that is not base64. */
export function base64ToHex(b64: string): string | undefined {
  try {
    const binary = atob(b64);
    let hex = '';
    for (let i = 0; i < binary.length; i++) hex += binary.charCodeAt(i).toString(16).padStart(2, '0');
    return hex;
  } catch {
    return undefined;
  }
}

/** The sha256 digest an SRI string carries (`sha256-<base64>`, among others), as hex; undefined when it has none. */
export function sriSha256Hex(integrity: string): string | undefined {
  for (const part of integrity.trim().split(/\s+/)) {
    const m = /^sha256-([A-Za-z0-9+/]+={0,2})(\?.*)?$/.exec(part);
    const hex = m ? base64ToHex(m[1]) : undefined;
    if (hex !== undefined && hex.length === 64) return hex;
  }
  return undefined;
}
