import { describe, expect, it } from 'vitest';
import {
  type EpochLog,
  earlyStopping,
  fit,
  Linear,
  loadIris,
  lrScheduler,
  monitorMode,
  monitorValue,
  ReduceLROnPlateau,
  ReLU,
  Rng,
  Sequential,
  SGD,
  StandardScaler,
  StepLR,
  ValueError,
} from '../../src/index.js';

function setup() {
  const { x, y } = loadIris();
  const rng = new Rng(5);
  const model = new Sequential(new Linear(4, 8, { rng }), new ReLU(), new Linear(8, 3, { rng }));
  return { data: { x: new StandardScaler().fitTransform(x), y }, model };
}
const weights = (model: Sequential) => model.parameters().map((p) => Array.from(p.data));

const log: EpochLog = {
  epoch: 1,
  loss: 0.5,
  metrics: { accuracy: 0.9, f1: 0.8 },
  valLoss: 0.6,
  valMetrics: { accuracy: 0.85 },
  lr: 0.1,
  seconds: 0,
};

describe('monitored values', () => {
  it('reads loss, metrics and validation values by name', () => {
    expect(monitorValue(log, 'loss')).toBe(0.5);
    expect(monitorValue(log, 'valLoss')).toBe(0.6);
    expect(monitorValue(log, 'f1')).toBe(0.8);
    expect(monitorValue(log, 'valAccuracy')).toBe(0.85);
    expect(() => monitorValue(log, 'valF1')).toThrow(
      "monitor 'valF1' is not in the epoch log; available: loss, valLoss, accuracy, f1, valAccuracy",
    );
    expect(() => monitorValue({ ...log, valLoss: undefined, valMetrics: undefined }, 'valLoss')).toThrow(
      /validationSplit/,
    );
  });

  it('knows which way is better', () => {
    expect(['loss', 'valLoss', 'mae'].map(monitorMode)).toEqual(['min', 'min', 'min']);
    expect(['accuracy', 'valAccuracy', 'f1', 'r2'].map(monitorMode)).toEqual(['max', 'max', 'max', 'max']);
  });
});

describe('earlyStopping', () => {
  it('stops after `patience` epochs without improvement and really restores the best weights', async () => {
    const { data, model } = setup();
    const scores = [0.5, 0.7, 0.9, 0.8, 0.85, 0.9, 0.95, 0.99];
    const recorded = new Map<number, number[][]>();
    const stopper = earlyStopping({ monitor: 'score', mode: 'max', patience: 3, restoreBestWeights: true });
    const said: string[] = [];
    let epoch = 0;
    const history = await fit(model, data, {
      loss: 'crossEntropy',
      optimizer: new SGD(model.parameters(), { lr: 0.05 }),
      epochs: 8,
      batchSize: 30,
      // A metric with scripted values: the best (0.9, 'max' mode) is epoch 3; 0.9 again is no improvement.
      metrics: [{ name: 'score', fn: () => scores[epoch - 1] as number }],
      callbacks: [
        {
          onEpochBegin: (e) => {
            epoch = e;
          },
        },
        { onEpochEnd: (l) => void recorded.set(l.epoch, weights(model)) },
        stopper,
      ],
      reporter: { onMessage: (m) => void said.push(m) },
      seed: 1,
    });
    expect(history.epochs).toHaveLength(6);
    expect(stopper.bestEpoch).toBe(3);
    expect(history.stopped).toEqual({
      reason: 'earlyStopping',
      epoch: 6,
      message: 'early stopping at epoch 6: score has not improved for 3 epochs (best 0.9000 at epoch 3)',
    });
    expect(recorded.get(6)).not.toEqual(recorded.get(3));
    expect(weights(model)).toEqual(recorded.get(3));
    expect(said).toEqual(['restored the weights of epoch 3, the best', history.stopped?.message]);
  });

  it('watches valLoss when there is validation data, else loss; minDelta ignores small gains', async () => {
    const { data, model } = setup();
    const stopper = earlyStopping({ minDelta: 10 }); // nothing improves by 10
    const history = await fit(model, data, {
      loss: 'crossEntropy',
      optimizer: 'adam',
      epochs: 5,
      validationSplit: 0.2,
      callbacks: [stopper],
      verbose: 0,
    });
    expect(history.epochs).toHaveLength(2); // patience 0: stop at the first epoch without improvement
    expect(history.stopped?.message).toMatch(/valLoss has not improved/);
  });

  it('checks its options', () => {
    expect(() => earlyStopping({ patience: -1 })).toThrow(/patience must be a whole number/);
    expect(() => earlyStopping({ minDelta: -1 })).toThrow(ValueError);
    // biome-ignore lint/suspicious/noExplicitAny: an invalid value on purpose
    expect(() => earlyStopping({ mode: 'up' as any })).toThrow(/mode must be/);
  });
});

describe('lrScheduler', () => {
  it('steps a schedule after every epoch, or after every batch', async () => {
    const { data, model } = setup();
    const optimizer = new SGD(model.parameters(), { lr: 0.1 });
    const perEpoch = await fit(model, data, {
      loss: 'crossEntropy',
      optimizer,
      epochs: 4,
      batchSize: 75,
      callbacks: [lrScheduler(new StepLR(optimizer, { stepSize: 1, gamma: 0.5 }))],
      verbose: 0,
    });
    expect(perEpoch.epochs.map((e) => e.lr)).toEqual([0.1, 0.05, 0.025, 0.0125]);

    const { model: m2 } = setup();
    const opt2 = new SGD(m2.parameters(), { lr: 0.1 });
    const perBatch = await fit(m2, data, {
      loss: 'crossEntropy',
      optimizer: opt2,
      epochs: 3,
      batchSize: 75, // 2 batches per epoch
      callbacks: [lrScheduler(new StepLR(opt2, { stepSize: 1, gamma: 0.5 }), { interval: 'batch' })],
      verbose: 0,
    });
    expect(perBatch.epochs.map((e) => e.lr)).toEqual([0.1, 0.025, 0.00625]);
  });

  it('steps ReduceLROnPlateau with the monitored value', async () => {
    const { data, model } = setup();
    const optimizer = new SGD(model.parameters(), { lr: 0.1 });
    const history = await fit(model, data, {
      loss: 'crossEntropy',
      optimizer,
      epochs: 5,
      regime: 'batch',
      metrics: [{ name: 'flat', fn: () => 1 }],
      callbacks: [lrScheduler(new ReduceLROnPlateau(optimizer, { patience: 1, factor: 0.5 }), { monitor: 'flat' })],
      verbose: 0,
    });
    // epoch 1 sets the best; 2 is bad #1; 3 is bad #2 > patience: halve; 4 bad #1; 5 bad #2: halve.
    expect(history.epochs.map((e) => e.lr)).toEqual([0.1, 0.1, 0.1, 0.05, 0.05]);
  });

  it('rejects what is not a schedule and per-batch plateaus', () => {
    const { model } = setup();
    const optimizer = new SGD(model.parameters(), { lr: 0.1 });
    // biome-ignore lint/suspicious/noExplicitAny: an invalid value on purpose
    expect(() => lrScheduler({} as any)).toThrow(/expected a learning-rate schedule/);
    expect(() => lrScheduler(new ReduceLROnPlateau(optimizer), { interval: 'batch' })).toThrow(/per epoch/);
    // biome-ignore lint/suspicious/noExplicitAny: an invalid value on purpose
    expect(() => lrScheduler(new StepLR(optimizer, { stepSize: 1 }), { interval: 'step' as any })).toThrow(/interval/);
  });
});
