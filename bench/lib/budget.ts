/**
 * Time budgets for the training workloads (W2–W5): a slow peer (TensorFlow.js's cpu backend on the
 * CNN manages ~9 images/s) trains on a stated prefix of the work instead of the whole of it. Each
 * variant first trains a throwaway model on a small probe (untimed: it also warms the JIT); the
 * rate it shows sets how much of the work one timed run gets within the budget. Pure; unit-tested.
 */

/**
 * Seconds one timed training run may take (default 20: with 3 runs a variant stays near a minute);
 * `BENCH_BUDGET_S=600 npm run bench` lets every peer do the whole work (the Python peers read it too).
 */
export const RUN_BUDGET_S = budgetFrom(process.env.BENCH_BUDGET_S);

/**
 * The budget from the environment's text: a positive number of seconds, else 20.
 * @example budgetFrom('90') // 90
 */
export function budgetFrom(text: string | undefined): number {
  const s = Number(text);
  return text !== undefined && Number.isFinite(s) && s > 0 ? s : 20;
}

/** How the work of a workload is counted and cut. */
export interface WorkUnits {
  /** The whole work, in units (images, epochs, steps). */
  full: number;
  /** Cuts are whole multiples of this (a batch of images; 1 epoch; 1 step), at least one of it. */
  granule: number;
}

/**
 * Work the probe says takes up to this many budgets still runs whole: the probe is a cold run (JIT,
 * first-touch memory), so its rate is low, and a variant near the budget should not be cut by that.
 */
export const BUDGET_SLACK = 2;

/**
 * The units one timed run gets: everything when `rate` (units per second, from the probe) finishes
 * it within `BUDGET_SLACK` × `budgetS`, else the largest whole number of granules that fits the
 * budget itself (at least one).
 * @example unitsWithin({ full: 10000, granule: 64 }, 9, 20) // 128 (9 images/s × 20 s = 180 → 2 batches)
 * @example unitsWithin({ full: 10000, granule: 64 }, 300, 20) // 10000 (about 33 s: within the slack)
 */
export function unitsWithin(work: WorkUnits, rate: number, budgetS: number = RUN_BUDGET_S): number {
  const { full, granule } = work;
  if (!(rate > 0) || rate * budgetS * BUDGET_SLACK >= full) return full;
  const granules = Math.max(1, Math.floor((rate * budgetS) / granule));
  return Math.min(full, granules * granule);
}

/**
 * The table's note for a run cut short, or undefined for the whole work.
 * @example prefixNote(128, 10000, 'images') // 'first 128 of 10,000 images (20 s budget per run)'
 */
export function prefixNote(units: number, full: number, what: string, budgetS: number = RUN_BUDGET_S) {
  if (units >= full) return undefined;
  return `first ${units.toLocaleString('en-US')} of ${full.toLocaleString('en-US')} ${what} (${budgetS} s budget per run)`;
}
