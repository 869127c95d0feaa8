import { describe, expect, it } from 'vitest';
import { ACTIVATIONS, buildMlp, loadPreset, setup } from '../../src/cli/presets.js';
import { mean, Rng, std } from '../../src/index.js';

describe('presets', () => {
  it('iris: 100/50 stratified, standardized on the training part only', () => {
    const data = loadPreset('iris', new Rng(1));
    expect(data.xTrain.shape).toEqual([100, 4]);
    expect(data.xTest.shape).toEqual([50, 4]);
    const counts = (y: ArrayLike<number>) => [0, 1, 2].map((c) => Array.from(y).filter((v) => v === c).length);
    expect(counts(data.yTest.data)).toEqual(expect.arrayContaining([17, 17, 16]));
    for (const m of mean(data.xTrain, 0).data) expect(Math.abs(m)).toBeLessThan(1e-5);
    for (const s of std(data.xTrain, 0, { unbiased: false }).data) expect(s).toBeCloseTo(1, 4);
    expect(Math.max(...Array.from(mean(data.xTest, 0).data, Math.abs))).toBeGreaterThan(1e-4); // not refit
    expect([data.inputs, data.classes]).toEqual([4, 3]);
    expect(() => loadPreset('mnist', new Rng(1))).toThrow(/unknown preset/);
  });

  it('builds inputs → hidden (activation) → classes; one seed fixes data and weights', () => {
    const model = buildMlp(4, 16, 3, 'tanh', new Rng(1));
    expect(Object.keys(model.stateDict())).toEqual(['0.weight', '0.bias', '2.weight', '2.bias']);
    expect(model.forward(loadPreset('iris', new Rng(1)).xTest).shape).toEqual([50, 3]);
    expect(Object.keys(ACTIVATIONS)).toContain('relu');
    expect(() => buildMlp(4, 16, 3, 'swish', new Rng(1))).toThrow(/unknown activation 'swish'/);
    const a = setup('iris', 3, 8, 'relu');
    const b = setup('iris', 3, 8, 'relu');
    expect(Array.from(a.data.xTrain.data)).toEqual(Array.from(b.data.xTrain.data));
    expect(Array.from(a.model.parameters()[0]?.data ?? [])).toEqual(Array.from(b.model.parameters()[0]?.data ?? []));
  });
});
