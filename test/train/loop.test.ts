import { describe, expect, it } from 'vitest';
import {
  Adam,
  crossEntropy,
  Linear,
  loadIris,
  nextTick,
  noGrad,
  ReLU,
  Rng,
  Sequential,
  SGD,
  StandardScaler,
  type Tensor,
  tensor,
  train,
  trainStep,
} from '../../src/index.js';
import { gradNormsAtStep } from '../helpers/grad-norms.js';

function setup(seed = 1) {
  const { x, y } = loadIris();
  const rng = new Rng(seed);
  const model = new Sequential(new Linear(4, 8, { rng }), new ReLU(), new Linear(8, 3, { rng }));
  return { data: { x: new StandardScaler().fitTransform(x), y }, model, rng };
}

describe('trainStep', () => {
  it('predicts, compares, backpropagates and updates: the loss of a batch falls when repeated', () => {
    const { data, model } = setup();
    const optimizer = new Adam(model.parameters(), { lr: 0.05 });
    const before = model.parameters().map((p) => Array.from(p.data));
    const first = trainStep(model, crossEntropy, optimizer, data.x, data.y);
    expect(first.output.shape).toEqual([150, 3]);
    expect(first.loss).toBeCloseTo(crossEntropy(first.output, data.y).item(), 6); // the loss before the update
    expect(model.parameters().map((p) => Array.from(p.data))).not.toEqual(before);
    let last = first.loss;
    for (let i = 0; i < 30; i++) last = trainStep(model, crossEntropy, optimizer, data.x, data.y).loss;
    expect(last).toBeLessThan(first.loss / 2);
  });

  it('starts every step from fresh gradients (no accumulation across steps)', () => {
    const w = tensor([[1, -1]], { requiresGrad: true });
    const model = { forward: (x: Tensor) => x.matmul(w.transpose(0, 1)), parameters: () => [w] };
    const optimizer = new Adam([w], { lr: 0.1 });
    const x = tensor([[1, 2]]);
    const y = tensor([[0]]);
    const squared = (o: Tensor, t: Tensor) => o.sub(t).mul(o.sub(t)).sum();
    trainStep(model, squared, optimizer, x, y);
    // d/dw (x·wᵀ)² = 2 (x·wᵀ) x, at the weights before the second update
    const out = noGrad(() => model.forward(x)).item();
    trainStep(model, squared, optimizer, x, y);
    expect(Array.from(w.grad?.data ?? [])).toEqual([2 * out, 4 * out]);
  });

  it('with clipGradNorm, the optimizer sees gradients of total norm at most that', () => {
    const { data, model } = setup();
    const optimizer = new SGD(model.parameters(), { lr: 0.1 });
    const norms = gradNormsAtStep(model, optimizer);
    trainStep(model, crossEntropy, optimizer, data.x, data.y);
    trainStep(model, crossEntropy, optimizer, data.x, data.y, { clipGradNorm: 0.01 });
    trainStep(model, crossEntropy, optimizer, data.x, data.y, { clipGradNorm: 100 });
    expect(norms[0]).toBeGreaterThan(0.1);
    expect(norms[1]).toBeCloseTo(0.01, 6); // rescaled down to the bound
    expect(norms[2]).toBeGreaterThan(0.1); // below the bound: left as it is
  });
});

describe('train', () => {
  it('returns the mean loss of every epoch, falling, and is reproducible with a seeded rng', async () => {
    const a = setup(2);
    const lossesA = await train(a.model, a.data, {
      loss: crossEntropy,
      optimizer: new Adam(a.model.parameters(), { lr: 0.01 }),
      epochs: 10,
      batchSize: 25,
      rng: a.rng,
    });
    expect(lossesA).toHaveLength(10);
    expect(lossesA[9]).toBeLessThan(lossesA[0]! * 0.8);
    const b = setup(2);
    const lossesB = await train(b.model, b.data, {
      loss: crossEntropy,
      optimizer: new Adam(b.model.parameters(), { lr: 0.01 }),
      epochs: 10,
      batchSize: 25,
      rng: b.rng,
    });
    expect(lossesB).toEqual(lossesA);
  });

  it('nextTick resolves after pending macrotasks had their turn', async () => {
    let ran = false;
    setTimeout(() => {
      ran = true;
    }, 0);
    await new Promise((r) => setTimeout(r, 1));
    await nextTick();
    expect(ran).toBe(true);
  });
});
