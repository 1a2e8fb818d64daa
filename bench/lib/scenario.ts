/** The shape every scenario reports, as written to results.json. */

export type Unit = 'ms' | 'MB' | 'count' | 'ratio';

export interface ScenarioResult {
  value: number;
  unit: Unit;
  target: number;
  pass: boolean;
  [extra: string]: unknown;
}

export type Results = Record<string, ScenarioResult>;

/** Sizes and repeat counts of one bench mode. */
export interface Plan {
  mode: 'full' | 'quick' | 'smoke';
  latencyMs: number;
  runs: number;
  coldN: number;
  edits: number;
  mixedEach: number;
  mixedRuns: number;
  naiveRuns: number;
  rssCertificates: number;
  startRuns: number;
}

export const PLANS: Record<Plan['mode'], Plan> = {
  full: { mode: 'full', latencyMs: 20, runs: 5, coldN: 1000, edits: 200, mixedEach: 300, mixedRuns: 5, naiveRuns: 3, rssCertificates: 10_000, startRuns: 7 },
  quick: { mode: 'quick', latencyMs: 20, runs: 3, coldN: 300, edits: 60, mixedEach: 100, mixedRuns: 3, naiveRuns: 1, rssCertificates: 2_000, startRuns: 3 },
  smoke: { mode: 'smoke', latencyMs: 20, runs: 1, coldN: 16, edits: 5, mixedEach: 6, mixedRuns: 1, naiveRuns: 1, rssCertificates: 50, startRuns: 1 },
};

export function atMost(value: number, target: number, unit: Unit, extra: Record<string, unknown> = {}): ScenarioResult {
  return { value, unit, target, pass: value <= target, ...extra };
}

export function atLeast(value: number, target: number, unit: Unit, extra: Record<string, unknown> = {}): ScenarioResult {
  return { value, unit, target, pass: value >= target, higherIsBetter: true, ...extra };
}
