/**
 * The divergence guard, always on in `fit`. When the learning rate is too large, each update
 * overshoots the minimum, the weights grow, and the loss explodes until it overflows to Infinity
 * or NaN. Training on from there is useless and the numbers it prints explain nothing, so the
 * guard stops at the first clear sign, says where and what to do, and hands back the last good
 * weights. The signs: a batch loss that is not finite, or above 10,000× the first batch's (an
 * explosion already under way), or an epoch loss above 10× the first epoch's for 3 epochs in a row.
 */
import type { AnyOptimizer } from '../optim/index.js';
import type { StopInfo } from './callbacks.js';
import type { Model } from './loop.js';
import { formatCount } from './plan.js';
import { type WeightSaver, weightSaver } from './weights.js';

/** Where in training a batch is, for messages. */
function place(epoch: number, batch: number, batches: number): string {
  return `at epoch ${epoch}, batch ${batch} of ${batches}`;
}

/** How many times the first epoch's loss counts as exploding. */
export const EXPLODE_FACTOR = 10;
/** How many epochs in a row above it stop training. */
export const EXPLODE_EPOCHS = 3;
/** A single batch loss this many times the first batch's stops training at once. */
export const BLOWUP_FACTOR = 10_000;

/**
 * Watches the losses of one training run. `fit` calls `checkBatch` after every batch and
 * `endEpoch` after every epoch; either returns a `StopInfo` when training must stop, after putting
 * the last good weights back into the model.
 */
export class DivergenceGuard {
  private firstLoss: number | null = null;
  private firstBatchLoss: number | null = null;
  /** Weights at the end of the last good epoch (the initial weights before the first). */
  private readonly good: WeightSaver;
  private goodEpoch = 0;
  private goodLoss: number | null = null;
  /** Where the current run of exploding epochs began. */
  private streak: { count: number; epoch: number; batch: number } | null = null;
  private firstHighBatch: number | null = null;

  constructor(
    model: Model,
    private readonly optimizer: AnyOptimizer,
  ) {
    this.good = weightSaver(model);
  }

  /** Check one batch's loss; a non-finite or exploding one stops training at once. */
  checkBatch(epoch: number, batch: number, batches: number, loss: number): StopInfo | null {
    // (the message's place is written only when training stops: this runs after every batch)
    if (!Number.isFinite(loss)) {
      return this.stop(
        epoch,
        batch,
        `${place(epoch, batch, batches)}: the loss overflowed (it is no longer a finite number)`,
      );
    }
    this.firstBatchLoss ??= loss;
    if (loss > BLOWUP_FACTOR * this.firstBatchLoss) {
      const what = `the loss exploded to ${fmt(loss)}, more than ${formatCount(BLOWUP_FACTOR)}× the first batch's (${fmt(this.firstBatchLoss)})`;
      return this.stop(epoch, batch, `${place(epoch, batch, batches)}: ${what}`);
    }
    if (this.firstLoss !== null && this.firstHighBatch === null && loss > EXPLODE_FACTOR * this.firstLoss) {
      this.firstHighBatch = batch;
    }
    return null;
  }

  /** Check an epoch's mean loss against the first epoch's; remember good weights. */
  endEpoch(epoch: number, loss: number): StopInfo | null {
    const highBatch = this.firstHighBatch ?? 1;
    this.firstHighBatch = null;
    if (this.firstLoss === null) {
      this.firstLoss = loss;
      // The first epoch is good if it did not climb far above where it started.
      if (loss > EXPLODE_FACTOR * (this.firstBatchLoss ?? loss)) return null;
    } else if (loss > EXPLODE_FACTOR * this.firstLoss) {
      this.streak ??= { count: 0, epoch, batch: highBatch };
      this.streak.count += 1;
      if (this.streak.count >= EXPLODE_EPOCHS) {
        const { epoch: since, batch } = this.streak;
        const what =
          `the loss has been more than ${EXPLODE_FACTOR}× the first epoch's (${fmt(this.firstLoss)}) ` +
          `for ${EXPLODE_EPOCHS} epochs in a row, since epoch ${since}, batch ${batch} (now ${fmt(loss)})`;
        return this.stop(epoch, undefined, `at epoch ${epoch}: ${what}`);
      }
      return null;
    }
    this.streak = null;
    this.good.save(); // into the same arrays every epoch
    this.goodEpoch = epoch;
    this.goodLoss = loss;
    return null;
  }

  private stop(epoch: number, batch: number | undefined, where: string): StopInfo {
    this.good.restore();
    const group = this.optimizer.paramGroups[0];
    const lr = group?.lr ?? Number.NaN;
    const kept =
      this.goodEpoch === 0
        ? 'The model keeps its initial weights.'
        : `The model keeps the weights from the end of epoch ${this.goodEpoch} (loss ${fmt(this.goodLoss ?? 0)}).`;
    const message =
      `Training stopped ${where}. The learning rate is probably too large (${this.optimizer.name}, lr = ${lr}): ` +
      'each update overshoots the minimum, so the weights grow and the loss climbs instead of falling. ' +
      `Try a smaller learning rate, e.g. lr = ${suggestLr(lr)}. ${kept}`;
    return batch === undefined ? { reason: 'diverged', epoch, message } : { reason: 'diverged', epoch, batch, message };
  }
}

/** A tenth of `lr`, but at most 0.1: rates of 1 or more are almost always too large. */
function suggestLr(lr: number): number {
  return Math.min(+(lr / 10).toPrecision(3), 0.1);
}

function fmt(x: number): string {
  return Math.abs(x) >= 1e4 ? x.toExponential(2) : x.toPrecision(4);
}
