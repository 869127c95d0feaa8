import { describe, expect, it } from 'vitest';
import { erf } from '../../src/backend/js/erf.js';
import {
  DTypeError,
  elu,
  gelu,
  hardSigmoid,
  hardTanh,
  leakyRelu,
  mish,
  type Rng,
  relu,
  relu6,
  selu,
  sigmoid,
  silu,
  softplus,
  softsign,
  type Tensor,
  tanh,
  tensor,
  ValueError,
} from '../../src/index.js';
import { expectClose } from '../helpers/allclose.js';
import { checkOp } from '../helpers/check-op.js';

const SHAPES: number[][][] = [[[3, 4]], [[2, 3, 5]], [[1]], [[]], [[4, 1, 2]]];
const SELU_ALPHA = 1.6732632423543772;
const SELU_SCALE = 1.0507009873554805;

/**
 * Uniform in [lo, hi], redrawn within 0.01 of a kink: a finite difference that straddles a kink
 * measures neither one-sided derivative.
 */
function awayFrom(kinks: number[], lo = -3, hi = 3) {
  return (r: Rng): number => {
    let v = r.uniform(lo, hi);
    while (kinks.some((k) => Math.abs(v - k) < 0.01)) v = r.uniform(lo, hi);
    return v;
  };
}

interface Case {
  name: string;
  fn: (x: Tensor) => Tensor;
  /** Plain JS formula, the float64 reference. */
  reference: (x: number) => number;
  domain?: [number, number] | ((r: Rng) => number);
}

const naiveSigmoid = (x: number) => 1 / (1 + Math.exp(-x));
const naiveGeluTanh = (x: number) => 0.5 * x * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (x + 0.044715 * x ** 3)));

const CASES: Case[] = [
  { name: 'sigmoid', fn: sigmoid, reference: naiveSigmoid, domain: [-6, 6] },
  { name: 'tanh', fn: tanh, reference: Math.tanh },
  { name: 'relu', fn: relu, reference: (x) => Math.max(0, x), domain: awayFrom([0]) },
  { name: 'leakyRelu', fn: (x) => leakyRelu(x), reference: (x) => (x > 0 ? x : 0.01 * x), domain: awayFrom([0]) },
  {
    name: 'leakyRelu(0.2)',
    fn: (x) => leakyRelu(x, 0.2),
    reference: (x) => (x > 0 ? x : 0.2 * x),
    domain: awayFrom([0]),
  },
  { name: 'elu', fn: (x) => elu(x), reference: (x) => (x > 0 ? x : Math.expm1(x)) },
  {
    name: 'elu(1.5)',
    fn: (x) => elu(x, 1.5),
    reference: (x) => (x > 0 ? x : 1.5 * Math.expm1(x)),
    domain: awayFrom([0]),
  },
  {
    name: 'selu',
    fn: selu,
    reference: (x) => SELU_SCALE * (x > 0 ? x : SELU_ALPHA * Math.expm1(x)),
    domain: awayFrom([0]),
  },
  { name: 'gelu', fn: (x) => gelu(x), reference: (x) => 0.5 * x * (1 + erf(x / Math.SQRT2)), domain: [-4, 4] },
  { name: "gelu('tanh')", fn: (x) => gelu(x, 'tanh'), reference: naiveGeluTanh, domain: [-4, 4] },
  { name: 'softplus', fn: (x) => softplus(x), reference: (x) => Math.log(1 + Math.exp(x)), domain: [-5, 5] },
  {
    name: 'softplus(2, 3)',
    fn: (x) => softplus(x, 2, 3),
    reference: (x) => (2 * x > 3 ? x : Math.log(1 + Math.exp(2 * x)) / 2),
    domain: awayFrom([1.5]),
  },
  { name: 'softsign', fn: softsign, reference: (x) => x / (1 + Math.abs(x)) },
  { name: 'silu', fn: silu, reference: (x) => x * naiveSigmoid(x), domain: [-5, 5] },
  { name: 'mish', fn: mish, reference: (x) => x * Math.tanh(Math.log(1 + Math.exp(x))), domain: [-5, 5] },
  {
    name: 'hardSigmoid',
    fn: hardSigmoid,
    reference: (x) => Math.min(1, Math.max(0, x / 6 + 0.5)),
    domain: awayFrom([-3, 3], -5, 5),
  },
  {
    name: 'hardTanh',
    fn: (x) => hardTanh(x),
    reference: (x) => Math.min(1, Math.max(-1, x)),
    domain: awayFrom([-1, 1]),
  },
  {
    name: 'hardTanh(-0.5, 1.5)',
    fn: (x) => hardTanh(x, -0.5, 1.5),
    reference: (x) => Math.min(1.5, Math.max(-0.5, x)),
    domain: awayFrom([-0.5, 1.5]),
  },
  {
    name: 'relu6',
    fn: relu6,
    reference: (x) => Math.min(6, Math.max(0, x)),
    domain: awayFrom([0, 6], -2, 8),
  },
];

describe('activations: checkOp (float32 vs float64, JS formula, gradcheck)', () => {
  for (const c of CASES) {
    it(c.name, () => checkOp(c.name, c.fn, { shapes: SHAPES, reference: c.reference, domain: c.domain, seed: 3 }));
  }
});

/** d Σ fn(x) / dx in float64. */
function gradAt(fn: (x: Tensor) => Tensor, values: number[]): number[] {
  const x = tensor(values, { dtype: 'float64', requiresGrad: true });
  fn(x).sum().backward();
  return Array.from(x.grad?.data ?? []);
}

function valuesAt(fn: (x: Tensor) => Tensor, values: number[]): number[] {
  return Array.from(fn(tensor(values, { dtype: 'float64' })).data);
}

describe('values and derivatives at kinks follow PyTorch', () => {
  it("relu: relu'(0) = 0", () => {
    expect(valuesAt(relu, [-1, 0, 2])).toEqual([0, 0, 2]);
    expect(gradAt(relu, [-1, 0, 2])).toEqual([0, 0, 1]);
  });

  it("leakyRelu: leakyRelu'(0) = negativeSlope", () => {
    expect(valuesAt((x) => leakyRelu(x, 0.2), [-1, 0, 2])).toEqual([-0.2, 0, 2]);
    expect(gradAt((x) => leakyRelu(x, 0.2), [-1, 0, 2])).toEqual([0.2, 0.2, 1]);
  });

  it('elu and selu: the derivative at 0 takes the x ≤ 0 branch (α, scale·α)', () => {
    expectClose(
      gradAt((x) => elu(x, 2), [-1, 0, 2]),
      [2 * Math.exp(-1), 2, 1],
      { rtol: 1e-15 },
    );
    expectClose(gradAt(selu, [0, 1]), [SELU_SCALE * SELU_ALPHA, SELU_SCALE], { rtol: 1e-15 });
  });

  it('hardTanh and relu6: gradient 0 at the edges', () => {
    expect(valuesAt((x) => hardTanh(x), [-2, -1, 0.5, 1, 2])).toEqual([-1, -1, 0.5, 1, 1]);
    expect(gradAt((x) => hardTanh(x), [-2, -1, 0.5, 1, 2])).toEqual([0, 0, 1, 0, 0]);
    expect(valuesAt(relu6, [-1, 0, 3, 6, 7])).toEqual([0, 0, 3, 6, 6]);
    expect(gradAt(relu6, [-1, 0, 3, 6, 7])).toEqual([0, 0, 1, 0, 0]);
  });

  it('hardSigmoid: 1/6 strictly inside (−3, 3), 0 at ±3', () => {
    expect(valuesAt(hardSigmoid, [-4, -3, 0, 1.5, 3, 4])).toEqual([0, 0, 0.5, 0.75, 1, 1]);
    expect(gradAt(hardSigmoid, [-4, -3, 0, 3, 4])).toEqual([0, 0, 1 / 6, 0, 0]);
  });

  it('softplus is exactly x where βx > threshold, gradient 1 there', () => {
    expect(valuesAt((x) => softplus(x), [25, 20.5])).toEqual([25, 20.5]);
    expect(gradAt((x) => softplus(x), [25])).toEqual([1]);
    // βx = 20 is not above the threshold: still the smooth branch
    expectClose(
      valuesAt((x) => softplus(x), [20]),
      [Math.log1p(Math.exp(20))],
      { rtol: 1e-15 },
    );
    expectClose(
      valuesAt((x) => softplus(x, 2, 3), [2, 1]),
      [2, Math.log1p(Math.exp(2)) / 2],
      { rtol: 1e-15 },
    );
  });

  it("softsign'(0) = 1", () => {
    expect(gradAt(softsign, [0])).toEqual([1]);
  });

  it('NaN propagates', () => {
    const fns = [
      relu,
      sigmoid,
      tanh,
      (x: Tensor) => leakyRelu(x),
      (x: Tensor) => hardTanh(x),
      relu6,
      (x: Tensor) => gelu(x),
    ];
    for (const fn of fns) expect(valuesAt(fn, [Number.NaN])[0]).toBeNaN();
  });
});

describe('gelu', () => {
  // x·Φ(x) and the tanh form from mpmath at 40 digits; derivative Φ(x) + xφ(x).
  const TABLE: Array<[number, number, number, number]> = [
    [-3, -0.0040496940948902835, -0.003637392081773019, -0.011945647204183927],
    [-1, -0.15865525393145705, -0.1588080093917233, -0.0833154705876863],
    [-0.5, -0.15426876936299344, -0.15428599017485609, 0.13250487534383715],
    [0.5, 0.34573123063700656, 0.34571400982514394, 0.8674951246561629],
    [1, 0.8413447460685429, 0.8411919906082767, 1.0833154705876864],
    [2, 1.9544997361036416, 1.954597694087775, 1.085231801078197],
  ];
  const xs = TABLE.map((r) => r[0]);

  it('exact and tanh forms match high-precision values', () => {
    expectClose(
      valuesAt((x) => gelu(x), xs),
      TABLE.map((r) => r[1]),
      { rtol: 1e-14 },
    );
    expectClose(
      valuesAt((x) => gelu(x, 'tanh'), xs),
      TABLE.map((r) => r[2]),
      { rtol: 1e-14 },
    );
    expectClose(
      gradAt((x) => gelu(x), xs),
      TABLE.map((r) => r[3]),
      { rtol: 1e-14 },
    );
  });

  it('keeps relative precision in the negative tail (via erfc)', () => {
    expectClose(
      valuesAt((x) => gelu(x), [-10]),
      [-7.619853024160526e-23],
      { rtol: 1e-13 },
    );
  });
});

describe('extreme inputs', () => {
  const EXTREME = [-1000, -100, -30, -1, 0, 1, 30, 100, 1000];
  const ALL: Array<[string, (x: Tensor) => Tensor]> = [
    ...CASES.map((c): [string, (x: Tensor) => Tensor] => [c.name, c.fn]),
    ['softplus(1, Infinity)', (x) => softplus(x, 1, Number.POSITIVE_INFINITY)],
  ];

  it('no NaN or Inf in outputs or gradients at ±1000, float32 and float64', () => {
    for (const dtype of ['float32', 'float64'] as const) {
      for (const [name, fn] of ALL) {
        const x = tensor(EXTREME, { dtype, requiresGrad: true });
        const y = fn(x);
        y.sum().backward();
        for (const v of y.data) expect(Number.isFinite(v), `${name} ${dtype} output ${Array.from(y.data)}`).toBe(true);
        for (const v of x.grad?.data ?? []) expect(Number.isFinite(v), `${name} ${dtype} grad`).toBe(true);
      }
    }
  });

  it('limits at ±1000', () => {
    const at = (fn: (x: Tensor) => Tensor) => valuesAt(fn, [-1000, 1000]);
    expect(at(sigmoid)).toEqual([0, 1]);
    expect(at(tanh)).toEqual([-1, 1]);
    expect(at((x) => softplus(x))).toEqual([0, 1000]);
    expect(at((x) => softplus(x, 1, Number.POSITIVE_INFINITY))).toEqual([0, 1000]);
    expect(at((x) => gelu(x)).map(Math.abs)).toEqual([0, 1000]);
    expect(at((x) => gelu(x, 'tanh')).map(Math.abs)).toEqual([0, 1000]);
    expect(at(silu).map(Math.abs)).toEqual([0, 1000]);
    expect(at(mish).map(Math.abs)).toEqual([0, 1000]);
    expect(at((x) => elu(x))).toEqual([-1, 1000]);
    expectClose(at(selu), [-SELU_SCALE * SELU_ALPHA, SELU_SCALE * 1000], { rtol: 1e-15 });
    expect(gradAt(sigmoid, [-1000, 1000])).toEqual([0, 0]);
    expect(gradAt((x) => softplus(x, 1, Number.POSITIVE_INFINITY), [-1000, 1000])).toEqual([0, 1]);
  });
});

describe('dtypes and errors', () => {
  const ALL_OPS: Array<[string, (x: Tensor) => Tensor]> = [
    ['sigmoid', sigmoid],
    ['tanh', tanh],
    ['relu', relu],
    ['leakyRelu', (x) => leakyRelu(x)],
    ['elu', (x) => elu(x)],
    ['selu', selu],
    ['gelu', (x) => gelu(x)],
    ['softplus', (x) => softplus(x)],
    ['softsign', softsign],
    ['silu', silu],
    ['mish', mish],
    ['hardSigmoid', hardSigmoid],
    ['hardTanh', (x) => hardTanh(x)],
    ['relu6', relu6],
  ];

  it('int32 and bool inputs are rejected with a DTypeError naming the op', () => {
    const ints = tensor([1, 2], { dtype: 'int32' });
    const bools = tensor([true, false]);
    for (const [name, fn] of ALL_OPS) {
      expect(() => fn(ints)).toThrow(DTypeError);
      expect(() => fn(ints)).toThrow(`${name}: input must be float32 or float64, got int32`);
      expect(() => fn(bools)).toThrow(`${name}: input must be float32 or float64, got bool`);
    }
  });

  it('bad hyperparameters throw ValueError', () => {
    const x = tensor([1, 2]);
    expect(() => leakyRelu(x, Number.NaN)).toThrow('leakyRelu: negativeSlope must be a finite number, got NaN');
    expect(() => elu(x, Number.POSITIVE_INFINITY)).toThrow(ValueError);
    expect(() => gelu(x, 'fast' as 'tanh')).toThrow("gelu: approximate must be 'none' or 'tanh', got 'fast'");
    expect(() => softplus(x, 0)).toThrow('softplus: beta must be non-zero');
    expect(() => softplus(x, 1, Number.NaN)).toThrow(ValueError);
    expect(() => hardTanh(x, 1, -1)).toThrow('hardTanh: minVal must be ≤ maxVal, got minVal = 1 and maxVal = -1');
  });

  it('methods match the functions', () => {
    const x = tensor([-2.5, -0.5, 0.3, 4], { dtype: 'float64' });
    const pairs: Array<[Tensor, Tensor]> = [
      [x.sigmoid(), sigmoid(x)],
      [x.tanh(), tanh(x)],
      [x.relu(), relu(x)],
      [x.leakyRelu(0.3), leakyRelu(x, 0.3)],
      [x.elu(0.5), elu(x, 0.5)],
      [x.selu(), selu(x)],
      [x.gelu('tanh'), gelu(x, 'tanh')],
      [x.softplus(2, 5), softplus(x, 2, 5)],
      [x.softsign(), softsign(x)],
      [x.silu(), silu(x)],
      [x.mish(), mish(x)],
      [x.hardSigmoid(), hardSigmoid(x)],
      [x.hardTanh(-2, 2), hardTanh(x, -2, 2)],
      [x.relu6(), relu6(x)],
    ];
    for (const [m, f] of pairs) expect(Array.from(m.data)).toEqual(Array.from(f.data));
    expect(x.leakyRelu().toArray()).toEqual(leakyRelu(x, 0.01).toArray());
  });

  it('a float64 output gradient flows into a float32 input', () => {
    const x = tensor([-1, 2], { requiresGrad: true });
    x.silu().backward(tensor([1, 1], { dtype: 'float64' }));
    expect(x.grad?.dtype).toBe('float32');
    const dsilu = (v: number) => naiveSigmoid(v) * (1 + v * (1 - naiveSigmoid(v)));
    expectClose(x.grad as Tensor, [dsilu(-1), dsilu(2)], { rtol: 1e-6 });
  });
});
