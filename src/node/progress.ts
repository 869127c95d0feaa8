/**
 * The live training display for terminals (Node.js only): one progress bar over all the updates
 * of a `fit` run, redrawn in place, with the epoch, the batch, the loss and metrics so far and the
 * time left, drawn by the `cli-progress` library. `installTerminalReporter()` makes it `fit`'s
 * default where stderr is a terminal; elsewhere (logs, CI, pipes) fit prints one line per epoch.
 */
import cliProgress from 'cli-progress';
import {
  describePlan,
  type EpochLog,
  epochValues,
  formatEpoch,
  formatSeconds,
  formatValue,
  type History,
  lineReporter,
  type Reporter,
  setDefaultReporter,
  type TrainingPlan,
} from '../train/index.js';

/** Options of `terminalReporter`. */
export interface TerminalReporterOptions {
  /** Where to draw. Default `process.stderr` (stdout stays free for results). */
  stream?: NodeJS.WriteStream;
}

/**
 * A reporter that draws a live bar:
 * `epoch  37/200 · batch 3/5 ████░░░░░░░░ 18% · loss 0.4123 · accuracy 0.9500 · 2s left`, and
 * after training the plan's last epoch as a line, with the total time.
 * @example
 * import { fit } from 'neurite';
 * import { terminalReporter } from 'neurite/node';
 * await fit(model, data, { loss: 'crossEntropy', optimizer: 'adam', epochs: 50, reporter: terminalReporter() });
 */
export function terminalReporter({ stream = process.stderr }: TerminalReporterOptions = {}): Reporter {
  let bar: cliProgress.SingleBar | null = null;
  let values = '';
  let epochLoss = { total: 0, count: 0 };
  let lastLog: EpochLog | null = null;
  let started = 0;
  const write = (line: string) => stream.write(`${line}\n`);
  const stopBar = () => {
    bar?.stop();
    bar = null;
  };
  const payload = (plan: TrainingPlan, epoch: number, batch: number) => ({
    epochText: `${String(epoch).padStart(String(plan.epochs).length)}/${plan.epochs}`,
    batchText: `${String(batch).padStart(String(plan.updatesPerEpoch).length)}/${plan.updatesPerEpoch}`,
    values,
  });
  return {
    onTrainBegin(plan) {
      write(describePlan(plan));
      started = performance.now();
      bar = new cliProgress.SingleBar({
        stream,
        format: 'epoch {epochText} · batch {batchText} {bar} {percentage}% · {values} · {eta_formatted} left',
        barsize: 20,
        barCompleteChar: '█',
        barIncompleteChar: '░',
        hideCursor: true,
        clearOnComplete: true,
        etaBuffer: Math.max(10, plan.updatesPerEpoch * 5),
        fps: 10,
        gracefulExit: true,
      });
      values = 'loss …';
      bar.start(plan.updates, 0, payload(plan, 1, 0));
    },
    onBatchEnd(log, plan) {
      if (log.batch === 1) epochLoss = { total: 0, count: 0 };
      epochLoss.total += log.loss * log.size;
      epochLoss.count += log.size;
      // During an epoch: its running loss, and the metrics of the epoch before.
      const previous = lastLog === null ? [] : epochValues(lastLog).filter(([k]) => k !== 'loss');
      values = [['loss', epochLoss.total / epochLoss.count] as [string, number], ...previous]
        .map(([k, v]) => `${k} ${formatValue(v)}`)
        .join(' · ');
      bar?.increment(1, payload(plan, log.epoch, log.batch));
    },
    onEpochEnd(log, plan) {
      lastLog = log;
      values = epochValues(log)
        .map(([k, v]) => `${k} ${formatValue(v)}`)
        .join(' · ');
      bar?.update(payload(plan, log.epoch, plan.updatesPerEpoch));
    },
    onMessage(text) {
      stopBar();
      write(text);
    },
    onTrainEnd(history: History) {
      stopBar();
      if (lastLog !== null) {
        const total = formatSeconds((performance.now() - started) / 1000);
        write(`${formatEpoch(lastLog, history.plan).replace(/ · [^·]*$/, '')} · ${total} in all`);
      }
    },
  };
}

/**
 * Make the live bar `fit`'s default reporter (verbose 1) when stderr is a terminal; otherwise
 * keep one line per epoch. `neurite/node` and the CLI call this once.
 * @example import { installTerminalReporter } from 'neurite/node'; installTerminalReporter();
 */
export function installTerminalReporter(): void {
  setDefaultReporter(() => (process.stderr.isTTY ? terminalReporter() : lineReporter()));
}
