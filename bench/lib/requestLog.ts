/** What the registry's request log says about how well the client kept its C slots busy. */
import type { LoggedRequest } from '../../test/registry';

export interface LogShape {
  /** Mean number of requests in flight between the first start and the last finish. */
  avgInFlight: number;
  /** From the first request's start to the last one's finish, in ms. */
  spanMs: number;
}

export function logShape(requests: readonly LoggedRequest[]): LogShape {
  if (requests.length === 0) return { avgInFlight: 0, spanMs: 0 };
  let first = Infinity;
  let last = 0;
  let busy = 0;
  for (const r of requests) {
    const end = r.finishedAt ?? r.startedAt;
    first = Math.min(first, r.startedAt);
    last = Math.max(last, end);
    busy += end - r.startedAt;
  }
  const spanMs = Math.max(1, last - first);
  return { avgInFlight: Math.round((busy / spanMs) * 100) / 100, spanMs };
}
