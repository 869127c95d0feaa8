import { afterEach, describe, expect, it } from 'vitest';
import {
  crossEntropy,
  DivergenceGuard,
  fit,
  Linear,
  loadIris,
  ReLU,
  Rng,
  resetWarnings,
  Sequential,
  SGD,
  StandardScaler,
  setWarningHandler,
  type Tensor,
} from '../../src/index.js';

function setup() {
  const { x, y } = loadIris();
  const rng = new Rng(3);
  const model = new Sequential(new Linear(4, 8, { rng }), new ReLU(), new Linear(8, 3, { rng }));
  return { data: { x: new StandardScaler().fitTransform(x), y }, model };
}

/** Weights after every epoch, recorded by a callback. */
function recorder(model: Sequential) {
  const byEpoch = new Map<number, number[][]>();
  return {
    byEpoch,
    callback: { onEpochEnd: (log: { epoch: number }) => void byEpoch.set(log.epoch, weights(model)) },
  };
}
const weights = (model: Sequential) => model.parameters().map((p) => Array.from(p.data));

const warnings: string[] = [];
afterEach(() => {
  setWarningHandler(null);
  resetWarnings();
  warnings.length = 0;
});
const capture = () => setWarningHandler((m) => warnings.push(m));

describe('the divergence guard', () => {
  it('stops at a NaN loss, names epoch and batch, suggests a smaller lr, keeps the last good weights', async () => {
    capture();
    const { data, model } = setup();
    let calls = 0;
    // The loss turns NaN at epoch 3, batch 2 (batches of 50: 3 per epoch).
    const loss = (o: Tensor, t: Tensor) => (++calls === 8 ? crossEntropy(o, t).mul(Number.NaN) : crossEntropy(o, t));
    const { byEpoch, callback } = recorder(model);
    const history = await fit(model, data, {
      loss,
      optimizer: new SGD(model.parameters(), { lr: 0.1 }),
      epochs: 10,
      batchSize: 50,
      callbacks: [callback],
      seed: 1,
      verbose: 0,
    });
    expect(history.epochs).toHaveLength(2);
    expect(history.stopped?.reason).toBe('diverged');
    expect(history.stopped?.epoch).toBe(3);
    expect(history.stopped?.batch).toBe(2);
    const message = history.stopped?.message ?? '';
    expect(message).toMatch(/^Training stopped at epoch 3, batch 2 of 3: the loss overflowed/);
    expect(message).toMatch(/SGD, lr = 0.1/);
    expect(message).toMatch(/Try a smaller learning rate, e\.g\. lr = 0\.01/);
    expect(message).toMatch(/keeps the weights from the end of epoch 2/);
    expect(weights(model)).toEqual(byEpoch.get(2)); // restored exactly
    expect(warnings).toEqual([message]); // said even with verbose 0
  });

  it('stops after 3 epochs in a row above 10× the first epoch loss', async () => {
    capture();
    const { data, model } = setup();
    let epoch = 1;
    // From epoch 4 on the reported loss is 50× larger (a stand-in for a diverging run).
    const loss = (o: Tensor, t: Tensor) => crossEntropy(o, t).mul(epoch >= 4 ? 50 : 1);
    const { byEpoch, callback } = recorder(model);
    const history = await fit(model, data, {
      loss,
      optimizer: new SGD(model.parameters(), { lr: 0.001 }),
      epochs: 20,
      batchSize: 50,
      callbacks: [
        {
          onEpochBegin: (e) => {
            epoch = e;
          },
        },
        callback,
      ],
      verbose: 0,
    });
    expect(history.epochs.map((e) => e.epoch)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(history.stopped?.epoch).toBe(6);
    expect(history.stopped?.batch).toBeUndefined();
    expect(history.stopped?.message).toMatch(
      /^Training stopped at epoch 6: the loss has been more than 10× the first epoch's \(1\.\d+\) for 3 epochs in a row, since epoch 4, batch 1/,
    );
    expect(weights(model)).toEqual(byEpoch.get(3));
    expect(warnings).toHaveLength(1);
  });

  it('a single exploding batch (10,000× the first) stops at once, keeping the initial weights', () => {
    capture();
    const { model } = setup();
    const initial = weights(model);
    const guard = new DivergenceGuard(model, new SGD(model.parameters(), { lr: 50 }));
    expect(guard.checkBatch(1, 1, 5, 1.2)).toBeNull();
    expect(guard.checkBatch(1, 2, 5, 500)).toBeNull();
    for (const p of model.parameters()) p.data.fill(1e6); // what the exploding updates did
    const stop = guard.checkBatch(1, 3, 5, 1.44e5);
    expect(stop?.message).toMatch(
      /^Training stopped at epoch 1, batch 3 of 5: the loss exploded to 1\.44e\+5, more than 10,000× the first batch's \(1\.200\)/,
    );
    expect(stop?.message).toMatch(/lr = 0\.1\. The model keeps its initial weights\.$/);
    expect(weights(model)).toEqual(initial);
  });

  it('an epoch that climbs is not remembered as good, and a recovery resets the count', () => {
    const { model } = setup();
    const guard = new DivergenceGuard(model, new SGD(model.parameters(), { lr: 0.1 }));
    guard.checkBatch(1, 1, 1, 1);
    expect(guard.endEpoch(1, 1)).toBeNull();
    expect(guard.endEpoch(2, 20)).toBeNull();
    expect(guard.endEpoch(3, 20)).toBeNull();
    expect(guard.endEpoch(4, 1)).toBeNull(); // back to normal: the streak ends
    expect(guard.endEpoch(5, 20)).toBeNull();
    expect(guard.endEpoch(6, 20)).toBeNull();
    expect(guard.endEpoch(7, 20)?.message).toMatch(/since epoch 5.*keeps the weights from the end of epoch 4/);
  });
});
