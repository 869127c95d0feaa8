import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  Adam,
  batches,
  clipGradNorm,
  concat,
  crossEntropy,
  fit,
  Linear,
  lineReporter,
  loadIris,
  type Model,
  ReLU,
  Rng,
  resetWarnings,
  Sequential,
  SGD,
  StandardScaler,
  setWarningHandler,
  type Tensor,
  TensorDataset,
  tensor,
  ValueError,
} from '../../src/index.js';
import { joinRows } from '../../src/train/fit.js';
import { gradNormsAtStep } from '../helpers/grad-norms.js';

/** Standardized iris (all 150 rows, sorted by class) and a fresh 4 → 8 → 3 network. */
function irisSetup(seed = 1) {
  const { x, y } = loadIris();
  const rng = new Rng(seed);
  const model = new Sequential(new Linear(4, 8, { rng }), new ReLU(), new Linear(8, 3, { rng }));
  return { data: { x: new StandardScaler().fitTransform(x), y }, model };
}

/** Count optimizer steps per epoch by wrapping step(). */
function stepCounter(optimizer: { step(): void }) {
  const perEpoch: number[] = [];
  let count = 0;
  const step = optimizer.step.bind(optimizer);
  optimizer.step = () => {
    count++;
    step();
  };
  const callback = {
    onEpochEnd: () => {
      perEpoch.push(count);
      count = 0;
    },
  };
  return { perEpoch, callback };
}

const weights = (model: Sequential) => model.parameters().map((p) => Array.from(p.data));

afterEach(() => {
  setWarningHandler(null);
  resetWarnings();
});

describe('fit: the regimes', () => {
  const cases: Array<[string, object, number]> = [
    ['minibatch of 20', { batchSize: 20 }, Math.ceil(150 / 20)],
    ['minibatch of 7 (a partial last batch)', { regime: 'minibatch', batchSize: 7 }, Math.ceil(150 / 7)],
    ['full batch', { regime: 'batch' }, 1],
    ['online', { regime: 'online' }, 150],
  ];
  for (const [name, options, expected] of cases) {
    it(`${name}: exactly ${expected} optimizer steps per epoch`, async () => {
      const { data, model } = irisSetup();
      const optimizer = new SGD(model.parameters(), { lr: 0.01 });
      const { perEpoch, callback } = stepCounter(optimizer);
      const history = await fit(model, data, {
        loss: 'crossEntropy',
        optimizer,
        epochs: 3,
        ...options,
        callbacks: [callback],
        seed: 1,
        verbose: 0,
      });
      expect(perEpoch).toEqual([expected, expected, expected]);
      expect(history.plan.updatesPerEpoch).toBe(expected);
      expect(history.plan.updates).toBe(3 * expected);
    });
  }
});

describe('fit', () => {
  it('states the plan, then one line per epoch, and returns the History', async () => {
    const { data, model } = irisSetup();
    const lines: string[] = [];
    const history = await fit(model, data, {
      loss: 'crossEntropy',
      optimizer: new Adam(model.parameters(), { lr: 0.01 }),
      epochs: 3,
      batchSize: 20,
      metrics: ['accuracy'],
      reporter: lineReporter({ write: (l) => lines.push(l) }),
      seed: 1,
    });
    expect(lines[0]).toBe('150 samples · batch size 20 → 8 updates per epoch · 3 epochs → 24 updates');
    expect(lines.slice(1).map((l) => l.slice(0, 9))).toEqual(['epoch 1/3', 'epoch 2/3', 'epoch 3/3']);
    expect(history.epochs).toHaveLength(3);
    const [first, , last] = history.epochs;
    expect(Object.keys(first ?? {})).toEqual(['epoch', 'loss', 'metrics', 'lr', 'seconds']);
    expect(first?.epoch).toBe(1);
    expect(first?.lr).toBe(0.01);
    expect(last?.loss).toBeLessThan(first?.loss ?? 0);
    expect(last?.metrics.accuracy).toBeGreaterThan(0.5);
    expect(history.stopped).toBeNull();
  });

  it("tells a reporter's onBatchEnd (a method, called on its reporter) every batch's log", async () => {
    const { data, model } = irisSetup();
    class Recorder {
      logs: Array<{ epoch: number; batch: number; batches: number; size: number }> = [];
      onBatchEnd(log: { epoch: number; batch: number; batches: number; loss: number; size: number }) {
        expect(Number.isFinite(log.loss)).toBe(true);
        this.logs.push({ epoch: log.epoch, batch: log.batch, batches: log.batches, size: log.size });
      }
    }
    const reporter = new Recorder();
    await fit(model, data, { loss: 'crossEntropy', optimizer: 'sgd', epochs: 2, batchSize: 64, reporter, seed: 1 });
    const epoch = (e: number) => [64, 64, 22].map((size, i) => ({ epoch: e, batch: i + 1, batches: 3, size }));
    expect(reporter.logs).toEqual([...epoch(1), ...epoch(2)]);
  });

  it('the same seed twice gives bit-identical weights; another seed does not', async () => {
    const run = async (seed: number) => {
      const { data, model } = irisSetup(7);
      await fit(model, data, { loss: 'crossEntropy', optimizer: 'adam', epochs: 5, batchSize: 16, seed, verbose: 0 });
      return weights(model);
    };
    const a = await run(3);
    const b = await run(3);
    expect(a).toEqual(b); // exact equality of every float
    expect(await run(4)).not.toEqual(a);
  });

  it('an optimizer by name takes lr; the epoch log records the lr', async () => {
    const { data, model } = irisSetup();
    const h = await fit(model, data, { loss: crossEntropy, optimizer: 'sgd', lr: 0.05, epochs: 1, verbose: 0 });
    expect(h.epochs[0]?.lr).toBe(0.05);
  });

  it('validationSplit holds out a stratified, shuffled part and logs validation values', async () => {
    const { data, model } = irisSetup();
    const seenSizes: number[] = [];
    const history = await fit(model, data, {
      loss: 'crossEntropy',
      optimizer: 'adam',
      epochs: 2,
      batchSize: 200,
      validationSplit: 0.2,
      metrics: ['accuracy', 'f1'],
      callbacks: [{ onBatchEnd: (log) => void seenSizes.push(log.size) }],
      seed: 2,
      verbose: 0,
    });
    expect(history.plan.samples).toBe(120);
    expect(seenSizes).toEqual([120, 120]);
    const log = history.epochs[1];
    expect(log?.valLoss).toBeGreaterThan(0);
    expect(Object.keys(log?.valMetrics ?? {})).toEqual(['accuracy', 'f1']);
  });

  it('validationData is measured after every epoch in evaluation mode', async () => {
    const { data, model } = irisSetup();
    const modes: boolean[] = [];
    const probe: Model = {
      forward: (x: Tensor) => {
        modes.push(model.training);
        return model.forward(x);
      },
      parameters: () => model.parameters(),
      train: (mode) => model.train(mode),
      eval: () => model.eval(),
      get training() {
        return model.training;
      },
    };
    const history = await fit(probe, data, {
      loss: 'crossEntropy',
      optimizer: new Adam(model.parameters(), { lr: 0.01 }),
      epochs: 1,
      regime: 'batch',
      validationData: new TensorDataset(data.x, data.y),
      verbose: 0,
    });
    expect(modes).toEqual([true, false]); // one training batch, then validation
    expect(history.epochs[0]?.valLoss).toBeGreaterThan(0);
    expect(model.training).toBe(true);
  });

  it('trains on a Dataset and calls the callbacks in order', async () => {
    const { data, model } = irisSetup();
    const calls: string[] = [];
    await fit(model, new TensorDataset(data.x, data.y), {
      loss: 'crossEntropy',
      optimizer: 'adam',
      epochs: 2,
      batchSize: 100,
      callbacks: [
        {
          onTrainBegin: () => void calls.push('trainBegin'),
          onEpochBegin: (e) => void calls.push(`epochBegin ${e}`),
          onBatchEnd: (l) => void calls.push(`batch ${l.epoch}.${l.batch}/${l.batches}`),
          onEpochEnd: async (l) => {
            await Promise.resolve();
            calls.push(`epochEnd ${l.epoch}`);
          },
          onTrainEnd: (h) => void calls.push(`trainEnd ${h.epochs.length}`),
        },
      ],
      verbose: 0,
    });
    expect(calls).toEqual([
      'trainBegin',
      'epochBegin 1',
      'batch 1.1/2',
      'batch 1.2/2',
      'epochEnd 1',
      'epochBegin 2',
      'batch 2.1/2',
      'batch 2.2/2',
      'epochEnd 2',
      'trainEnd 2',
    ]);
  });

  it('a callback can stop training, with its reason kept in the History', async () => {
    const { data, model } = irisSetup();
    const messages: string[] = [];
    const history = await fit(model, data, {
      loss: 'crossEntropy',
      optimizer: 'adam',
      epochs: 10,
      callbacks: [{ onEpochEnd: (log, ctx) => (log.epoch === 2 ? ctx.stop('enough') : undefined) }],
      reporter: { onMessage: (m) => messages.push(m) },
    });
    expect(history.epochs).toHaveLength(2);
    expect(history.stopped).toEqual({ reason: 'callback', epoch: 2, message: 'enough' });
    expect(messages).toEqual(['enough']);
  });

  it('yields to the event loop between epochs (a browser can repaint)', async () => {
    const { data, model } = irisSetup();
    // a task that re-queues itself each turn of the event loop runs only if fit yields between
    // epochs (setImmediate, not a timer: epochs of well under a millisecond must count too)
    let ticks = 0;
    const tick = () => {
      ticks++;
      if (ticks < 1000) setImmediate(tick);
    };
    setImmediate(tick);
    const seen: number[] = [];
    await fit(model, data, {
      loss: 'crossEntropy',
      optimizer: 'adam',
      epochs: 3,
      regime: 'batch',
      callbacks: [{ onEpochEnd: () => void seen.push(ticks) }],
      verbose: 0,
    });
    ticks = 1000;
    expect(seen[2]).toBeGreaterThan(seen[0] ?? 0);
  });

  it('verbose 0 prints nothing; the default prints one line per epoch', async () => {
    const spy = vi.spyOn(console, 'log').mockImplementation(() => {});
    try {
      const { data, model } = irisSetup();
      await fit(model, data, { loss: 'crossEntropy', optimizer: 'adam', epochs: 2, verbose: 0 });
      expect(spy).not.toHaveBeenCalled();
      await fit(model, data, { loss: 'crossEntropy', optimizer: 'adam', epochs: 2 });
      expect(spy).toHaveBeenCalledTimes(3); // the plan and two epochs
    } finally {
      spy.mockRestore();
    }
  });

  it('rejects contradictory or missing options', async () => {
    const { data, model } = irisSetup();
    const optimizer = new Adam(model.parameters(), { lr: 0.01 });
    const base = { loss: 'crossEntropy' as const, optimizer, verbose: 0 as const };
    await expect(fit(model, data, { ...base, validationSplit: 0.2, validationData: data })).rejects.toThrow(
      /validationData or validationSplit, not both/,
    );
    await expect(fit(model, data, { ...base, lr: 0.1 })).rejects.toThrow(/lr is set on the optimizer \(Adam\)/);
    await expect(fit(model, data, { ...base, validationSplit: 1.5 })).rejects.toThrow(
      /validationSplit must be a fraction/,
    );
    // biome-ignore lint/suspicious/noExplicitAny: invalid values on purpose
    await expect(fit(model, data, { ...base, verbose: 3 as any })).rejects.toThrow(ValueError);
    // biome-ignore lint/suspicious/noExplicitAny: invalid values on purpose
    await expect(fit(model, data, { loss: 'crossEntropy', optimizer: undefined as any })).rejects.toThrow(
      /optimizer is required/,
    );
    await expect(fit(model, { x: data.x, y: tensor([0, 1], { dtype: 'int32' }) }, base)).rejects.toThrow(/rows/);
  });
});

describe('fit: clipGradNorm', () => {
  /** Train iris with SGD for 3 epochs; record the total gradient norm the optimizer sees at every step. */
  async function run(clip?: number) {
    const { data, model } = irisSetup();
    const optimizer = new SGD(model.parameters(), { lr: 0.5 });
    const norms = gradNormsAtStep(model, optimizer);
    const options = { loss: 'crossEntropy' as const, optimizer, epochs: 3, batchSize: 30, rng: new Rng(3) };
    await fit(model, data, { ...options, verbose: 0, clipGradNorm: clip });
    return { norms, weights: model.parameters().map((p) => Array.from(p.data)) };
  }

  it('clips between backpropagation and the update: the same weights as a loop that calls clipGradNorm', async () => {
    const free = await run();
    const clipped = await run(0.2);
    expect(Math.max(...free.norms)).toBeGreaterThan(0.5); // without it, the steps are larger
    expect(clipped.norms).toHaveLength(15);
    for (const norm of clipped.norms) expect(norm).toBeLessThanOrEqual(0.2 + 1e-6);
    const { data, model } = irisSetup();
    const optimizer = new SGD(model.parameters(), { lr: 0.5 });
    const rng = new Rng(3);
    for (let epoch = 0; epoch < 3; epoch++) {
      for (const b of batches(data, { batchSize: 30, shuffle: true, rng })) {
        const loss = crossEntropy(model.forward(b.x), b.y);
        optimizer.zeroGrad();
        loss.backward();
        clipGradNorm(model.parameters(), 0.2);
        optimizer.step();
      }
    }
    expect(clipped.weights).toEqual(model.parameters().map((p) => Array.from(p.data)));
    expect(clipped.weights).not.toEqual(free.weights);
  });

  it('rejects a bound that is not a positive finite number, before training', async () => {
    for (const bad of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) {
      const { data, model } = irisSetup();
      const options = { loss: 'crossEntropy' as const, optimizer: 'sgd' as const, verbose: 0 as const };
      await expect(fit(model, data, { ...options, clipGradNorm: bad })).rejects.toThrow(
        new RegExp(`^fit: clipGradNorm must be a positive finite number .*, got ${bad}; leave it out`),
      );
      await expect(fit(model, data, { ...options, clipGradNorm: bad })).rejects.toBeInstanceOf(ValueError);
    }
  });
});

describe('joinRows', () => {
  it('gives what concat(parts, 0) gives, for any row counts, trailing dims and dtype', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 5 }),
        fc.array(fc.integer({ min: 1, max: 3 }), { maxLength: 2 }),
        fc.constantFrom('float32', 'float64', 'int32') as fc.Arbitrary<'float32' | 'float64' | 'int32'>,
        (rows, trailing, dtype) => {
          let next = 0;
          const parts = rows.map((r) => {
            const shape = [r, ...trailing];
            const n = shape.reduce((a, b) => a * b, 1);
            return tensor(
              Array.from({ length: n }, () => next++),
              { shape, dtype },
            );
          });
          const joined = joinRows(parts);
          const expected = concat(parts, 0);
          expect(joined.shape).toEqual(expected.shape);
          expect(joined.dtype).toBe(dtype);
          expect(Array.from(joined.data)).toEqual(Array.from(expected.data));
        },
      ),
      { numRuns: 80, seed: 5 },
    );
  });
});
