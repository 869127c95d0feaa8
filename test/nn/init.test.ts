/**
 * Initializers: fans and gains as PyTorch, the distributions' bounds, means and standard
 * deviations, orthogonality, in-place filling, seeding, and errors.
 */
import { describe, expect, it } from 'vitest';
import { DTypeError, init, Linear, manualSeed, Rng, type Tensor, tensor, ValueError, zeros } from '../../src/index.js';

function stats(t: Tensor) {
  const v = Array.from(t.data as ArrayLike<number>);
  const mean = v.reduce((a, b) => a + b, 0) / v.length;
  const std = Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / v.length);
  return { mean, std, min: Math.min(...v), max: Math.max(...v) };
}

/** For ~n samples, the sample mean and std are within a few standard errors of the truth. */
function expectUniform(t: Tensor, bound: number) {
  const s = stats(t);
  expect(s.min).toBeGreaterThanOrEqual(-bound);
  expect(s.max).toBeLessThan(bound);
  expect(s.min).toBeLessThan(-0.99 * bound); // the whole range is used
  expect(s.max).toBeGreaterThan(0.99 * bound);
  expect(Math.abs(s.mean)).toBeLessThan((4 * bound) / Math.sqrt(3 * t.numel()));
  expect(s.std / (bound / Math.sqrt(3))).toBeCloseTo(1, 1);
}

function expectNormal(t: Tensor, std: number, mean = 0) {
  const s = stats(t);
  expect(Math.abs(s.mean - mean)).toBeLessThan((4 * std) / Math.sqrt(t.numel()));
  expect(s.std / std).toBeCloseTo(1, 1);
}

describe('fans and gains', () => {
  it('fans as PyTorch: [out, in, k…]', () => {
    expect(init.fans([8, 4])).toEqual({ fanIn: 4, fanOut: 8 });
    expect(init.fans([16, 3, 5, 5])).toEqual({ fanIn: 75, fanOut: 400 });
    expect(() => init.fans([5])).toThrow(/at least 2 dimensions/);
  });

  it('calculateGain as torch.nn.init.calculate_gain', () => {
    expect(init.calculateGain('linear')).toBe(1);
    expect(init.calculateGain('conv2d')).toBe(1);
    expect(init.calculateGain('sigmoid')).toBe(1);
    expect(init.calculateGain('tanh')).toBeCloseTo(5 / 3, 15);
    expect(init.calculateGain('relu')).toBeCloseTo(Math.SQRT2, 15);
    expect(init.calculateGain('selu')).toBe(0.75);
    expect(init.calculateGain('leakyRelu')).toBeCloseTo(Math.sqrt(2 / (1 + 0.01 ** 2)), 15);
    expect(init.calculateGain('leaky_relu', 0.2)).toBeCloseTo(Math.sqrt(2 / 1.04), 15);
    expect(init.calculateGain('conv_transpose2d')).toBe(1);
    expect(() => init.calculateGain('swish')).toThrow(/unsupported nonlinearity 'swish'/);
  });
});

describe('deterministic fills', () => {
  it('fill in place and return the same tensor; a shape gives a new tensor of the dtype', () => {
    const t = zeros([2, 3]);
    expect(init.ones(t)).toBe(t);
    expect(t.toArray()).toEqual([
      [1, 1, 1],
      [1, 1, 1],
    ]);
    expect(init.constant(t, 0.5).data.every((v) => v === 0.5)).toBe(true);
    expect(init.zeros(t).data.every((v) => v === 0)).toBe(true);
    const f64 = init.constant([4], 2, { dtype: 'float64' });
    expect(f64.dtype).toBe('float64');
    expect(f64.toArray()).toEqual([2, 2, 2, 2]);
    expect(() => init.ones(zeros([2], { dtype: 'int32' }))).toThrow(DTypeError);
  });
});

describe('random distributions', () => {
  const rng = () => new Rng(42);

  it('uniform and normal', () => {
    const u = init.uniform([20000], { low: -2, high: 4, rng: rng() });
    const s = stats(u);
    expect(s.min).toBeGreaterThanOrEqual(-2);
    expect(s.max).toBeLessThan(4);
    expect(s.mean).toBeCloseTo(1, 1);
    expect(s.std).toBeCloseTo(6 / Math.sqrt(12), 1);
    expectNormal(init.normal([20000], { mean: 3, std: 0.5, rng: rng() }), 0.5, 3);
    expect(() => init.normal([2], { std: -1 })).toThrow(ValueError);
    expect(() => init.uniform([2], { low: 1, high: 0 })).toThrow(/need low <= high/);
  });

  it('xavier (Glorot): bound gain·√(6/(fanIn+fanOut)), std gain·√(2/(fanIn+fanOut))', () => {
    expectUniform(init.xavierUniform([200, 300], { rng: rng() }), Math.sqrt(6 / 500));
    expectUniform(init.xavierUniform([200, 300], { gain: 2, rng: rng() }), 2 * Math.sqrt(6 / 500));
    expectNormal(init.xavierNormal([200, 300], { gain: 2, rng: rng() }), 2 * Math.sqrt(2 / 500));
  });

  it('kaiming (He): gain·√(3/fan) uniform, gain/√fan normal; fan modes; a = √5 gives 1/√fanIn', () => {
    expectUniform(init.kaimingUniform([100, 400], { rng: rng() }), Math.SQRT2 * Math.sqrt(3 / 400));
    expectUniform(init.kaimingUniform([100, 400], { a: Math.sqrt(5), rng: rng() }), 1 / Math.sqrt(400));
    expectUniform(init.kaimingUniform([100, 400], { mode: 'fanOut', rng: rng() }), Math.SQRT2 * Math.sqrt(3 / 100));
    expectNormal(
      init.kaimingNormal([100, 20, 3, 3], { mode: 'fanOut', nonlinearity: 'relu', rng: rng() }),
      Math.SQRT2 / Math.sqrt(900),
    );
    expectNormal(init.kaimingNormal([300, 200], { nonlinearity: 'tanh', rng: rng() }), 5 / 3 / Math.sqrt(200));
    expect(() => init.kaimingNormal([2, 2], { mode: 'fan_in' as 'fanIn' })).toThrow(/mode must be 'fanIn' or 'fanOut'/);
  });

  it('lecun: √(3/fanIn) uniform, √(1/fanIn) normal', () => {
    expectUniform(init.lecunUniform([200, 150], { rng: rng() }), Math.sqrt(3 / 150));
    expectNormal(init.lecunNormal([200, 150], { rng: rng() }), Math.sqrt(1 / 150));
  });

  it('same seed → same weights; another seed → others; the global generator follows manualSeed', () => {
    const a = init.xavierUniform([5, 7], { rng: new Rng(3) });
    const b = init.xavierUniform([5, 7], { rng: new Rng(3) });
    const c = init.xavierUniform([5, 7], { rng: new Rng(4) });
    expect(b.data).toEqual(a.data);
    expect(c.data).not.toEqual(a.data);
    manualSeed(11);
    const g1 = init.kaimingNormal([4, 4]);
    manualSeed(11);
    const g2 = init.kaimingNormal([4, 4]);
    expect(g2.data).toEqual(g1.data);
    manualSeed(5);
    const l1 = new Linear(6, 4);
    manualSeed(5);
    const l2 = new Linear(6, 4);
    expect(l2.weight.data).toEqual(l1.weight.data);
    expect(l2.bias?.data).toEqual(l1.bias?.data);
    const l3 = new Linear(6, 4, { rng: new Rng(5) });
    const l4 = new Linear(6, 4, { rng: new Rng(5) });
    expect(l4.weight.data).toEqual(l3.weight.data);
  });
});

describe('orthogonal', () => {
  /** Gram matrix of the rows (rows ≤ cols) or of the columns. */
  function gram(t: Tensor): number[][] {
    const rows = t.shape[0] as number;
    const cols = t.numel() / rows;
    const w = (i: number, j: number) => t.data[i * cols + j] as number;
    const n = Math.min(rows, cols);
    const g: number[][] = [];
    for (let a = 0; a < n; a++) {
      g.push([]);
      for (let b = 0; b < n; b++) {
        let s = 0;
        if (rows <= cols) for (let k = 0; k < cols; k++) s += w(a, k) * w(b, k);
        else for (let k = 0; k < rows; k++) s += w(k, a) * w(k, b);
        g[a]?.push(s);
      }
    }
    return g;
  }

  for (const shape of [
    [5, 5],
    [3, 8],
    [8, 3],
    [4, 2, 3],
    [1, 6],
  ]) {
    for (const dtype of ['float32', 'float64'] as const) {
      it(`${JSON.stringify(shape)} ${dtype}: W·Wᵀ (or Wᵀ·W) = gain²·I`, () => {
        const gain = 1.5;
        const t = init.orthogonal(shape, { gain, rng: new Rng(8), dtype });
        expect(t.shape).toEqual(shape);
        const tol = dtype === 'float64' ? 1e-12 : 1e-5;
        gram(t).forEach((row, a) => {
          row.forEach((v, b) => {
            expect(Math.abs(v - (a === b ? gain * gain : 0))).toBeLessThan(tol);
          });
        });
      });
    }
  }

  it('is seeded, fills in place, and rejects 1-D tensors', () => {
    const t = zeros([4, 4]);
    expect(init.orthogonal(t, { rng: new Rng(1) })).toBe(t);
    expect(init.orthogonal([4, 4], { rng: new Rng(1) }).data).toEqual(t.data);
    expect(() => init.orthogonal(tensor([1, 2]))).toThrow(/at least 2 dimensions/);
  });
});
