/**
 * What the GAN presets (`neurite train gan-ring`, `gan-digits`) share in their reports: the progress
 * display, the line that explains its columns, and the values of the last epoch for the summary.
 */
import { type GanHistory, lineReporter, type Reporter } from '../index.js';
import { terminalReporter } from '../node/progress.js';
import type { Io } from './io.js';

/** Explains the columns of the progress lines, whose `loss` is the discriminator's. */
export const GAN_PROGRESS_LEGEND =
  "loss = D's loss (2 ln 2 ≈ 1.386 when it cannot tell real from generated), gLoss = G's, dReal = D(x), dFake = D(G(z))";

/** The last epoch's means, as the GAN presets' summaries give them (null when no epoch finished). */
export interface GanEndValues {
  dLoss: number | null;
  gLoss: number | null;
  dReal: number | null;
  dFake: number | null;
}

/**
 * The means of the last epoch of a `trainGan` history.
 * @example ganEndValues(history) // { dLoss: 1.26, gLoss: 1.09, dReal: 0.43, dFake: 0.37 }
 */
export function ganEndValues(history: GanHistory): GanEndValues {
  const last = history.epochs.at(-1);
  return {
    dLoss: last?.loss ?? null,
    gLoss: last?.metrics.gLoss ?? null,
    dReal: last?.metrics.dReal ?? null,
    dFake: last?.metrics.dFake ?? null,
  };
}

/**
 * The training display: a live bar on a terminal, else a line every `every` epochs (and the first
 * and the last), so that a run of many short epochs keeps a short log.
 * @example ganReporter(processIo(), 10)
 */
export function ganReporter(io: Io, every = 1): Reporter {
  return io.tty !== null ? terminalReporter({ stream: io.tty }) : lineReporter({ write: io.human, every });
}
