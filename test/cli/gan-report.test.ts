import { describe, expect, it } from 'vitest';
import { GAN_PROGRESS_LEGEND, ganEndValues, ganReporter } from '../../src/cli/gan-report.js';
import { memoryIo } from '../../src/cli/io.js';
import type { EpochLog, GanHistory, TrainingPlan } from '../../src/index.js';

const plan: TrainingPlan = {
  samples: 64,
  regime: 'minibatch',
  batchSize: 32,
  updatesPerEpoch: 2,
  epochs: 25,
  updates: 50,
};
const epoch = (n: number): EpochLog => ({
  epoch: n,
  loss: 1 + n / 100,
  metrics: { gLoss: 0.5 + n / 100, dReal: 0.6, dFake: 0.4 },
  lr: 1e-3,
  seconds: 0.1,
});

describe('GAN report helpers', () => {
  it('ganEndValues: the last epoch means, null before any epoch finished', () => {
    const history: GanHistory = { plan, epochs: [epoch(1), epoch(2)], steps: [], stopped: null };
    expect(ganEndValues(history)).toEqual({ dLoss: 1.02, gLoss: 0.52, dReal: 0.6, dFake: 0.4 });
    expect(ganEndValues({ ...history, epochs: [] })).toEqual({ dLoss: null, gLoss: null, dReal: null, dFake: null });
  });

  it('ganReporter: without a terminal, the plan and a line every `every` epochs (and the first and last)', () => {
    const io = memoryIo();
    const reporter = ganReporter(io, 10);
    reporter.onTrainBegin?.(plan);
    for (let n = 1; n <= 25; n++) reporter.onEpochEnd?.(epoch(n), plan);
    expect(io.stdout[0]).toBe('64 samples · batch size 32 → 2 updates per epoch · 25 epochs → 50 updates');
    expect(io.stdout.slice(1).map((l) => l.match(/^epoch\s+(\d+)\/25/)?.[1])).toEqual(['1', '10', '20', '25']);
    expect(io.stdout[1]).toMatch(/loss 1\.0100 · gLoss 0\.5100 · dReal 0\.6000 · dFake 0\.4000/);
  });

  it('the legend names what each column of the progress lines is', () => {
    for (const column of ["loss = D's loss", "gLoss = G's", 'dReal = D(x)', 'dFake = D(G(z))']) {
      expect(GAN_PROGRESS_LEGEND).toContain(column);
    }
  });
});
