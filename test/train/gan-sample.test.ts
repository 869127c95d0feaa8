import { describe, expect, it } from 'vitest';
import { Dropout, Linear, Rng, Sequential, sample, sampleNoise, ValueError } from '../../src/index.js';

const generator = () =>
  new Sequential(new Linear(3, 8, { rng: new Rng(1) }), new Dropout(0.5), new Linear(8, 2, { rng: new Rng(2) }));

describe('sampleNoise', () => {
  it('normal noise: [n, dim] with mean about 0 and std about 1', () => {
    const z = sampleNoise(4000, { dim: 2 }, new Rng(1));
    expect(z.shape).toEqual([4000, 2]);
    expect(z.dtype).toBe('float32');
    const v = Array.from(z.data);
    const mean = v.reduce((a, b) => a + b, 0) / v.length;
    const std = Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / v.length);
    expect(Math.abs(mean)).toBeLessThan(0.05);
    expect(std).toBeCloseTo(1, 1);
  });

  it('uniform noise lies in [−1, 1) and spreads over it', () => {
    const v = Array.from(sampleNoise(4000, { dim: 1, distribution: 'uniform' }, new Rng(1)).data);
    expect(Math.min(...v)).toBeGreaterThanOrEqual(-1);
    expect(Math.max(...v)).toBeLessThan(1);
    expect(Math.min(...v)).toBeLessThan(-0.99);
    expect(Math.max(...v)).toBeGreaterThan(0.99);
  });

  it('rejects a bad dim, distribution or n', () => {
    expect(() => sampleNoise(2, { dim: 0 }, new Rng(1))).toThrow(/noise.dim must be a positive whole number/);
    expect(() => sampleNoise(2, { dim: 2, distribution: 'cauchy' as never }, new Rng(1))).toThrow(ValueError);
    expect(() => sampleNoise(-1, { dim: 2 }, new Rng(1))).toThrow(/n must be/);
  });
});

describe('sample', () => {
  it('the same seed gives the same samples, another seed others', () => {
    const g = generator();
    const a = sample(g, 50, { noise: { dim: 3 }, seed: 1 });
    const b = sample(g, 50, { noise: { dim: 3 }, seed: 1 });
    expect(a.shape).toEqual([50, 2]);
    expect(Array.from(b.data)).toEqual(Array.from(a.data));
    expect(Array.from(sample(g, 50, { noise: { dim: 3 }, seed: 2 }).data)).not.toEqual(Array.from(a.data));
  });

  it('is G(z) for the seeded noise, in evaluation mode (no dropout) and without the tape; the mode is restored', () => {
    const g = generator();
    g.train(true);
    const out = sample(g, 20, { noise: { dim: 3 }, seed: 5 });
    expect(out.requiresGrad).toBe(false);
    expect(g.training).toBe(true);
    g.eval();
    const expected = g.forward(sampleNoise(20, { dim: 3 }, new Rng(5)));
    expect(Array.from(out.data)).toEqual(Array.from(expected.data));
  });

  it('draws from a given rng, which advances', () => {
    const g = generator();
    const rng = new Rng(3);
    const a = sample(g, 5, { noise: { dim: 3 }, rng });
    expect(Array.from(sample(g, 5, { noise: { dim: 3 }, rng }).data)).not.toEqual(Array.from(a.data));
  });

  it('needs the noise and a positive n', () => {
    expect(() => sample(generator(), 5, {} as never)).toThrow(/noise is required/);
    expect(() => sample(generator(), 0, { noise: { dim: 3 } })).toThrow(/n must be a positive whole number/);
    expect(() => sample(generator(), 5, { noise: { dim: 3 }, seed: 1.5 })).toThrow(/seed must be an integer/);
  });
});
