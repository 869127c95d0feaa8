import { describe, expect, it } from 'vitest';
import {
  accuracy,
  crossEntropy,
  Dropout,
  evaluate,
  inEvalMode,
  Linear,
  loadIris,
  predict,
  ReLU,
  Rng,
  Sequential,
  StandardScaler,
  TensorDataset,
} from '../../src/index.js';

function setup() {
  const { x, y } = loadIris();
  const rng = new Rng(4);
  const model = new Sequential(new Linear(4, 8, { rng }), new ReLU(), new Dropout(0.5), new Linear(8, 3, { rng }));
  return { x: new StandardScaler().fitTransform(x), y, model };
}

describe('predict and evaluate', () => {
  it('predict gives the raw output in evaluation mode, without the tape, and restores the mode', () => {
    const { x, model } = setup();
    const out = predict(model, x);
    expect(out.shape).toEqual([150, 3]);
    expect(out.requiresGrad).toBe(false);
    expect(model.training).toBe(true);
    // evaluation mode: dropout is off, so two predictions agree and batching changes nothing
    expect(Array.from(predict(model, x).data)).toEqual(Array.from(out.data));
    expect(Array.from(predict(model, x, { batchSize: 7 }).data)).toEqual(Array.from(out.data));
    model.eval();
    predict(model, x);
    expect(model.training).toBe(false); // a model in eval mode stays there
  });

  it('evaluate computes the loss and metrics over all samples', () => {
    const { x, y, model } = setup();
    const result = evaluate(model, { x, y }, { loss: 'crossEntropy', metrics: ['accuracy', 'f1'] });
    const out = predict(model, x);
    expect(Object.keys(result)).toEqual(['loss', 'accuracy', 'f1']);
    expect(result.loss).toBeCloseTo(crossEntropy(out, y).item(), 6);
    expect(result.accuracy).toBe(accuracy(out, y));
    const fromDataset = evaluate(model, new TensorDataset(x, y), { metrics: ['accuracy'], batchSize: 32 });
    expect(fromDataset.accuracy).toBe(result.accuracy);
  });

  it('says when there is nothing to compute, and needs a sample dimension', () => {
    const { x, y, model } = setup();
    expect(() => evaluate(model, { x, y })).toThrow(/nothing to compute/);
    expect(() => predict(model, x.sum())).toThrow(/first \(sample\) dimension/);
  });

  it('inEvalMode restores training mode even when the body throws', () => {
    const { model } = setup();
    expect(() =>
      inEvalMode(model, () => {
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(model.training).toBe(true);
  });
});
