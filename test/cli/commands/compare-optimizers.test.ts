import { describe, expect, it } from 'vitest';
import { COMPARED, type OptimizerRun, runCompare, table } from '../../../src/cli/commands/compare-optimizers.js';
import { memoryIo } from '../../../src/cli/io.js';

describe('neurite compare-optimizers iris', () => {
  it('trains SGD, momentum, RMSprop and Adam from the same start and prints the losses side by side', async () => {
    const io = memoryIo();
    const options = { optimizers: COMPARED, epochs: 20, batchSize: 20, hidden: 16, seed: 1, every: 5, json: false };
    const runs = await runCompare('iris', options, io);
    expect(runs.map((r) => [r.optimizer, r.lr])).toEqual([
      ['sgd', 0.1],
      ['momentum', 0.05],
      ['rmsprop', 0.01],
      ['adam', 0.01],
    ]);
    for (const r of runs) {
      expect(r.losses).toHaveLength(20);
      expect(r.losses[19]).toBeLessThan(r.losses[0] as number);
    }
    // the same initial weights and batches: SGD and momentum take the same first step
    expect(runs[0]?.losses[0]).toBeCloseTo(runs[1]?.losses[0] as number, 1);
    const header = io.stdout.find((l) => l.trim().startsWith('epoch'));
    expect(header).toMatch(
      /epoch\s+sgd \(lr 0\.1\)\s+momentum \(lr 0\.05\)\s+rmsprop \(lr 0\.01\)\s+adam \(lr 0\.01\)/,
    );
    const rows = io.stdout.filter((l) => /^\s+\d+\s/.test(l)).map((l) => Number(l.trim().split(/\s+/)[0]));
    expect(rows).toEqual([1, 5, 10, 15, 20]);
    expect(io.stdout.some((l) => l.trim().startsWith('test accuracy'))).toBe(true);
  });

  it('--json puts one summary line on stdout', async () => {
    const io = memoryIo();
    const options = {
      optimizers: ['adam' as const],
      epochs: 3,
      batchSize: 50,
      hidden: 4,
      seed: 2,
      every: 1,
      json: true,
    };
    await runCompare('iris', options, io.forJson(true));
    expect(io.stdout).toHaveLength(1);
    const summary = JSON.parse(io.stdout[0] as string);
    expect(summary).toMatchObject({ preset: 'iris', seed: 2, epochs: 3 });
    expect(summary.runs[0].losses).toHaveLength(3);
  });

  it('the table marks missing epochs and says why a run stopped', () => {
    const runs: OptimizerRun[] = [
      { optimizer: 'sgd', lr: 50, losses: [1], testAccuracy: 0.3, trainSeconds: 0.1, stopped: 'Training stopped …' },
    ];
    const lines = table(runs, 2, 1);
    expect(lines.some((l) => l.trim().startsWith('2') && l.includes('—'))).toBe(true);
    expect(lines.at(-1)).toBe('sgd: Training stopped …');
  });
});
