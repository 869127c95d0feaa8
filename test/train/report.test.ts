import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type EpochLog,
  epochValues,
  formatConfusionMatrix,
  formatEpoch,
  formatSeconds,
  formatValue,
  lineReporter,
  planTraining,
  reporterFor,
  setDefaultReporter,
  silentReporter,
} from '../../src/index.js';

const plan = planTraining(100, { batchSize: 20, epochs: 200 });
const log = (epoch: number): EpochLog => ({
  epoch,
  loss: 0.41234,
  metrics: { accuracy: 0.95 },
  valLoss: 0.39,
  valMetrics: { accuracy: 0.96 },
  lr: 0.01,
  seconds: 0.0021,
});

describe('progress reporting', () => {
  it('formats an epoch in one line', () => {
    expect(formatEpoch(log(12), plan)).toBe(
      'epoch  12/200 · loss 0.4123 · accuracy 0.9500 · valLoss 0.3900 · valAccuracy 0.9600 · 2 ms',
    );
  });

  it('an epoch line is its head, every value of epochValues in order, and the time, joined by " · "', () => {
    const name = fc.constantFrom('accuracy', 'f1', 'mae', 'r2');
    const value = fc.oneof(fc.double({ noNaN: false }), fc.constantFrom(0, 1e-5, 12345.6));
    const logs = fc.record({
      epoch: fc.integer({ min: 1, max: 200 }),
      loss: value,
      metrics: fc.dictionary(name, value),
      valLoss: fc.option(value, { nil: undefined }),
      valMetrics: fc.option(fc.dictionary(name, value), { nil: undefined }),
      seconds: fc.double({ min: 0, max: 500, noNaN: true }),
    });
    fc.assert(
      fc.property(logs, (l) => {
        const entry: EpochLog = { ...l, lr: 0.01 };
        if (l.valLoss === undefined) delete entry.valLoss;
        if (l.valMetrics === undefined) delete entry.valMetrics;
        const head = `epoch ${String(l.epoch).padStart(3)}/200`;
        const values = epochValues(entry).map(([k, v]) => `${k} ${formatValue(v)}`);
        expect(formatEpoch(entry, plan)).toBe([head, ...values, formatSeconds(l.seconds)].join(' · '));
      }),
    );
  });

  it('formats values and durations', () => {
    expect([formatValue(0.5), formatValue(12345.6), formatValue(0.0001234), formatValue(0)]).toEqual([
      '0.5000',
      '1.235e+4',
      '1.234e-4',
      '0.0000',
    ]);
    expect([formatSeconds(0.25), formatSeconds(2.44), formatSeconds(185)]).toEqual(['250 ms', '2.4 s', '3 min 05 s']);
  });

  it('lineReporter prints the plan, each epoch (or every k-th) and messages', () => {
    const lines: string[] = [];
    const r = lineReporter({ write: (l) => lines.push(l) });
    r.onTrainBegin?.(plan);
    r.onEpochEnd?.(log(1), plan);
    r.onMessage?.('early stopping');
    expect(lines[0]).toBe('100 samples · batch size 20 → 5 updates per epoch · 200 epochs → 1,000 updates');
    expect(lines[1]).toMatch(/^epoch {3}1\/200 · loss 0.4123/);
    expect(lines[2]).toBe('early stopping');
    const sparse: string[] = [];
    const every = lineReporter({ write: (l) => sparse.push(l), every: 50 });
    for (let e = 1; e <= 200; e++) every.onEpochEnd?.(log(e), plan);
    expect(sparse.map((l) => l.slice(0, 13))).toEqual([
      'epoch   1/200',
      'epoch  50/200',
      'epoch 100/200',
      'epoch 150/200',
      'epoch 200/200',
    ]);
  });

  it('verbose picks the reporter; the default slot can be replaced', () => {
    expect(reporterFor(0)).toBe(silentReporter);
    const mine = lineReporter({ write: () => {} });
    const previous = setDefaultReporter(() => mine);
    try {
      expect(reporterFor(1)).toBe(mine);
      expect(reporterFor(2)).not.toBe(mine); // verbose 2: always one line per epoch
    } finally {
      setDefaultReporter(previous);
    }
  });

  it('formats a confusion matrix with class names', () => {
    const text = formatConfusionMatrix(
      [
        [16, 0],
        [1, 15],
      ],
      ['cat', 'dog'],
    );
    expect(text.split('\n')).toEqual([
      'true \\ predicted  cat  dog',
      '             cat   16    0',
      '             dog    1   15',
    ]);
    expect(formatConfusionMatrix([[1]])).toContain('0');
  });
});
