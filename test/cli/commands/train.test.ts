import { Command } from 'commander';
import { afterEach, describe, expect, it } from 'vitest';
import { registerTrain, runTrain, TRAIN_DEFAULTS, type TrainCommandOptions } from '../../../src/cli/commands/train.js';
import { memoryIo } from '../../../src/cli/io.js';
import { resetWarnings, setWarningHandler } from '../../../src/index.js';
import { runCli } from '../../helpers/cli.js';

const defaults = { ...TRAIN_DEFAULTS, json: false } as TrainCommandOptions;
const cli = runCli;

afterEach(() => {
  setWarningHandler(null);
  resetWarnings();
});

describe('neurite train iris', () => {
  it('the defaults reach mean test accuracy >= 0.94 over seeds 1..10, none below 0.88', async () => {
    const accuracies: number[] = [];
    for (let seed = 1; seed <= 10; seed++) {
      const result = await runTrain('iris', { ...defaults, seed }, memoryIo());
      expect(result.updates).toBe(1000);
      accuracies.push(result.testAccuracy);
    }
    const mean = accuracies.reduce((a, b) => a + b, 0) / accuracies.length;
    expect(mean).toBeGreaterThanOrEqual(0.94);
    expect(Math.min(...accuracies)).toBeGreaterThanOrEqual(0.88);
  });

  it('prints the plan, the progress, the test accuracy and the confusion matrix', async () => {
    const io = memoryIo();
    const result = await runTrain('iris', { ...defaults, epochs: 5 }, io);
    expect(io.stderr).toEqual([]);
    expect(io.stdout[0]).toBe('neurite · iris: 4 → 16 ReLU → 3 · cross-entropy · seed 1');
    expect(io.stdout).toContain('100 samples · batch size 20 → 5 updates per epoch · 5 epochs → 25 updates');
    expect(io.stdout.filter((l) => /^epoch \d\/5 · loss \d\.\d{4} · accuracy/.test(l))).toHaveLength(5);
    expect(io.stdout).toContain(
      `test accuracy ${result.testAccuracy.toFixed(4)} (${Math.round(result.testAccuracy * 50)} of 50 held-out samples)`,
    );
    const header = io.stdout.findIndex((l) => l.startsWith('true \\ predicted'));
    expect(io.stdout[header]).toMatch(/setosa\s+versicolor\s+virginica$/);
    expect(result.confusionMatrix.flat().reduce((a, b) => a + b, 0)).toBe(50);
  });

  it('--json: human output to stderr, the last stdout line one JSON object; the same seed repeats exactly', async () => {
    const shared = memoryIo();
    const jsonIo = shared.forJson(true);
    await runTrain('iris', { ...defaults, epochs: 20, json: true }, jsonIo);
    expect(shared.stdout).toHaveLength(1);
    const summary = JSON.parse(shared.stdout[0] as string);
    expect(summary).toMatchObject({
      preset: 'iris',
      seed: 1,
      epochs: 20,
      updatesPerEpoch: 5,
      updates: 100,
      stopped: null,
    });
    for (const key of ['trainLoss', 'testAccuracy', 'trainSeconds']) expect(typeof summary[key]).toBe('number');
    expect(summary.testAccuracy).toBeGreaterThanOrEqual(0);
    expect(summary.testAccuracy).toBeLessThanOrEqual(1);
    expect(shared.stderr.some((l) => l.startsWith('test accuracy'))).toBe(true);
    const again = await runTrain('iris', { ...defaults, epochs: 20, json: true }, memoryIo().forJson(true));
    expect(again.trainLoss).toBe(summary.trainLoss);
    expect(again.confusionMatrix).toEqual(summary.confusionMatrix);
  });

  it('the regimes: full batch is 1 update per epoch, online one per sample', async () => {
    const batch = await runTrain('iris', { ...defaults, epochs: 2, regime: 'batch' }, memoryIo());
    expect([batch.regime, batch.batchSize, batch.updatesPerEpoch, batch.updates]).toEqual(['batch', 100, 1, 2]);
    const online = await runTrain('iris', { ...defaults, epochs: 1, regime: 'online' }, memoryIo());
    expect([online.regime, online.batchSize, online.updatesPerEpoch]).toEqual(['online', 1, 100]);
    await expect(runTrain('iris', { ...defaults, regime: 'online', batchSize: 20 }, memoryIo())).rejects.toThrow(
      /regime 'online' means a batch size of 1/,
    );
  });

  it('rejects bad options with a message', async () => {
    const parse = async (...args: string[]) => {
      const errors: string[] = [];
      const program = new Command()
        .exitOverride()
        .configureOutput({ writeErr: (s) => errors.push(s), writeOut: () => {} });
      registerTrain(program, memoryIo());
      await expect(program.parseAsync(['node', 'neurite', 'train', 'iris', ...args])).rejects.toThrow();
      return errors.join('');
    };
    expect(await parse('--lr', 'fast')).toMatch(/--lr must be a number, got 'fast'/);
    expect(await parse('--epochs', '0')).toMatch(/--epochs must be a whole number >= 1/);
    expect(await parse('--optimizer', 'adamm')).toMatch(/--optimizer must be one of sgd, momentum/);
    expect(await parse('--activation', 'swish')).toMatch(/--activation must be one of relu, tanh/);
    await expect(runTrain('mnist', defaults, memoryIo())).rejects.toThrow(/unknown preset 'mnist'; available: iris/);
  });

  it('names the known presets when the preset is unknown', async () => {
    const errors: string[] = [];
    const program = new Command()
      .exitOverride()
      .configureOutput({ writeErr: (s) => errors.push(s), writeOut: (s) => errors.push(s) });
    registerTrain(program, memoryIo());
    await expect(program.parseAsync(['node', 'neurite', 'train', 'irs'])).rejects.toThrow();
    expect(errors.join('')).toMatch(/unknown command 'irs'[\s\S]*iris \[options\]/);
  });

  it('the real CLI warns about --lr 5', async () => {
    const { code, stdout, stderr } = await cli('train', 'iris', '--lr', '5', '--epochs', '3', '--json');
    expect(code).toBe(0);
    expect(stderr).toMatch(/warning: Adam: lr = 5 is very large\. .*overshoots the minimum/);
    expect(JSON.parse(stdout.trim().split('\n').at(-1) as string).lr).toBe(5);
  });

  it('the real CLI stops --optimizer sgd --lr 50 with the guard: an explanation, no NaN or exploding losses', async () => {
    const { code, stdout, stderr } = await cli('train', 'iris', '--optimizer', 'sgd', '--lr', '50', '--json');
    expect(code).toBe(1);
    expect(stderr).toMatch(/warning: SGD: lr = 50 is very large/);
    expect(stderr).toMatch(
      /warning: Training stopped at epoch 1, batch \d of 5: the loss (exploded|overflowed).* The learning rate is probably too large \(SGD, lr = 50\).*Try a smaller learning rate, e\.g\. lr = 0\.1\. The model keeps its initial weights\./,
    );
    expect(stderr).not.toMatch(/^epoch /m); // no epoch with an exploding loss was printed
    expect(`${stdout}\n${stderr}`).not.toMatch(/loss (NaN|-?Infinity)|"NaN"|: ?NaN|null,"testAccuracy":null/);
    const summary = JSON.parse(stdout.trim().split('\n').at(-1) as string);
    expect(summary.stopped).toMatchObject({ reason: 'diverged', epoch: 1 });
    expect(summary.trainLoss).toBeNull();
    expect(Number.isFinite(summary.testAccuracy)).toBe(true);
  });
});
