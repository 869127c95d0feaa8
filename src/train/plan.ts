/**
 * The training plan: how many samples, how many per update, how many updates. Saying it before
 * training starts makes the epoch / batch vocabulary concrete: `100 samples · batch size 20 →
 * 5 updates per epoch · 200 epochs → 1,000 updates`.
 */
import { ValueError } from '../errors.js';

/**
 * How many samples each update of the weights sees:
 * - `'batch'`: all of them (full-batch gradient descent): 1 update per epoch;
 * - `'minibatch'`: `batchSize` at a time: ceil(N / batchSize) updates per epoch;
 * - `'online'`: one at a time (stochastic, sample by sample): N updates per epoch.
 */
export type Regime = 'batch' | 'minibatch' | 'online';

/** What `planTraining` needs to know. */
export interface PlanOptions {
  /** Passes over the training data. Default 1. */
  epochs?: number;
  /** Samples per update (mini-batch). Default 32, or what `regime` implies. */
  batchSize?: number;
  /** 'batch' (batchSize = N), 'minibatch' (batchSize, default 32) or 'online' (batchSize = 1). */
  regime?: Regime;
}

/** The resolved plan of a training run. */
export interface TrainingPlan {
  /** Training samples N. */
  samples: number;
  regime: Regime;
  /** Samples per update (N for 'batch', 1 for 'online'). */
  batchSize: number;
  /** Optimizer steps per epoch: ceil(N / batchSize). */
  updatesPerEpoch: number;
  epochs: number;
  /** Optimizer steps in all: epochs × updatesPerEpoch. */
  updates: number;
}

/**
 * Resolve epochs, batch size and regime for `samples` training samples.
 * @throws ValueError for epochs or batchSize that are not positive integers, an unknown regime,
 *   or a batchSize that contradicts the regime.
 * @example
 * import { planTraining, describePlan } from 'neurite';
 * describePlan(planTraining(100, { batchSize: 20, epochs: 200 }));
 * // '100 samples · batch size 20 → 5 updates per epoch · 200 epochs → 1,000 updates'
 */
export function planTraining(samples: number, options: PlanOptions = {}): TrainingPlan {
  const { epochs = 1 } = options;
  if (!Number.isInteger(samples) || samples < 1) {
    throw new ValueError(`fit: the training data has ${samples} samples; it needs at least one`);
  }
  if (!Number.isInteger(epochs) || epochs < 1) {
    throw new ValueError(`fit: epochs must be a positive integer, got ${epochs}`);
  }
  const { regime, batchSize } = resolveRegime(samples, options);
  const updatesPerEpoch = Math.ceil(samples / batchSize);
  return { samples, regime, batchSize, updatesPerEpoch, epochs, updates: epochs * updatesPerEpoch };
}

function resolveRegime(samples: number, { regime, batchSize }: PlanOptions): { regime: Regime; batchSize: number } {
  if (batchSize !== undefined && (!Number.isInteger(batchSize) || batchSize < 1)) {
    throw new ValueError(`fit: batchSize must be a positive integer, got ${batchSize}`);
  }
  const conflict = (implied: string) =>
    new ValueError(
      `fit: regime '${regime}' means a batch size of ${implied}, but batchSize is ${batchSize}; ` +
        `give one of them (regime '${regime}' alone, or regime 'minibatch' with batchSize)`,
    );
  switch (regime) {
    case undefined:
    case 'minibatch': {
      const size = Math.min(batchSize ?? 32, samples);
      if (regime === 'minibatch') return { regime, batchSize: size };
      // Without a regime, name the one the batch size implies: all samples, one, or some.
      return { regime: size === samples ? 'batch' : size === 1 ? 'online' : 'minibatch', batchSize: size };
    }
    case 'batch':
      if (batchSize !== undefined && batchSize < samples) throw conflict(`N = ${samples}`);
      return { regime, batchSize: samples };
    case 'online':
      if (batchSize !== undefined && batchSize !== 1) throw conflict('1');
      return { regime, batchSize: 1 };
    default:
      throw new ValueError(`fit: regime must be 'batch', 'minibatch' or 'online', got '${regime}'`);
  }
}

/** A whole number with thousands separators, the same in every locale: 20000 → '20,000'. */
export function formatCount(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

const plural = (n: number, word: string) => `${formatCount(n)} ${word}${n === 1 ? '' : 's'}`;

/**
 * The plan in one line, e.g. `100 samples · batch size 20 → 5 updates per epoch · 200 epochs →
 * 1,000 updates`; the regimes say `full batch (100)` or `online (batch size 1)`.
 * @example describePlan(planTraining(150, { regime: 'online', epochs: 2 }))
 * // '150 samples · online (batch size 1) → 150 updates per epoch · 2 epochs → 300 updates'
 */
export function describePlan(plan: TrainingPlan): string {
  const batch =
    plan.regime === 'batch'
      ? `full batch (batch size ${formatCount(plan.batchSize)})`
      : plan.regime === 'online'
        ? 'online (batch size 1)'
        : `batch size ${formatCount(plan.batchSize)}`;
  return (
    `${plural(plan.samples, 'sample')} · ${batch} → ${plural(plan.updatesPerEpoch, 'update')} per epoch · ` +
    `${plural(plan.epochs, 'epoch')} → ${plural(plan.updates, 'update')}`
  );
}
