import { describe, expect, it } from 'vitest';
import { type EpochLog, planTraining, reporterFor, setDefaultReporter } from '../../src/index.js';
import { installTerminalReporter, terminalReporter } from '../../src/node/progress.js';

/** A stand-in terminal that records what is drawn. */
function fakeTerminal() {
  const chunks: string[] = [];
  const stream = {
    isTTY: true,
    columns: 160,
    write: (s: string) => {
      chunks.push(s);
      return true;
    },
  } as unknown as NodeJS.WriteStream;
  // Drop cursor-control sequences, keep the text.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching the terminal's escape sequences
  const text = () => chunks.join('').replace(/\x1B(\[[0-9;?]*[A-Za-z]|[78])/g, '');
  return { stream, text };
}

describe('terminal progress bar', () => {
  it('draws the plan, then epoch, batch, loss, metrics and time left, and a final line', async () => {
    const { stream, text } = fakeTerminal();
    const plan = planTraining(100, { batchSize: 20, epochs: 2 });
    const reporter = terminalReporter({ stream });
    reporter.onTrainBegin?.(plan);
    const log: EpochLog = { epoch: 1, loss: 0.5, metrics: { accuracy: 0.8 }, lr: 0.01, seconds: 0.01 };
    for (let batch = 1; batch <= 5; batch++)
      reporter.onBatchEnd?.({ epoch: 1, batch, batches: 5, loss: 0.5, size: 20 }, plan);
    reporter.onEpochEnd?.(log, plan);
    for (let batch = 1; batch <= 3; batch++)
      reporter.onBatchEnd?.({ epoch: 2, batch, batches: 5, loss: 0.25, size: 20 }, plan);
    await new Promise((resolve) => setTimeout(resolve, 250)); // the bar redraws up to 10 times a second
    const during = text();
    expect(during).toContain('100 samples · batch size 20 → 5 updates per epoch · 2 epochs → 10 updates');
    expect(during).toMatch(/epoch 2\/2 · batch 3\/5 .* 80% · loss 0\.2500 · accuracy 0\.8000 · \S+ left/);
    reporter.onEpochEnd?.({ ...log, epoch: 2, loss: 0.25 }, plan);
    reporter.onTrainEnd?.({ plan, epochs: [log], stopped: null });
    expect(text()).toMatch(/epoch 2\/2 · loss 0\.2500 · accuracy 0\.8000 · .* in all\n$/);
  });

  it('a message stops the bar and prints on its own line', () => {
    const { stream, text } = fakeTerminal();
    const plan = planTraining(10, { batchSize: 5, epochs: 3 });
    const reporter = terminalReporter({ stream });
    reporter.onTrainBegin?.(plan);
    reporter.onMessage?.('early stopping at epoch 1');
    reporter.onTrainEnd?.({ plan, epochs: [], stopped: null });
    expect(text()).toMatch(/early stopping at epoch 1\n$/);
  });

  it('installTerminalReporter makes it the default only on a terminal', () => {
    const previous = setDefaultReporter(null);
    try {
      installTerminalReporter();
      const r = reporterFor(1);
      // vitest's stderr is not a terminal: the default stays one line per epoch (no onBatchEnd drawing)
      expect(typeof r.onEpochEnd).toBe('function');
      expect(r.onBatchEnd === undefined).toBe(!process.stderr.isTTY);
    } finally {
      setDefaultReporter(previous);
    }
  });
});
