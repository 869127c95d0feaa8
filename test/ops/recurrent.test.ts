/**
 * The fused recurrent cells: checkOp on each output (float32 vs float64, gradients by central
 * differences, backends agree), and values and gradients equal to the same step written with
 * separate ops (split, sigmoid, tanh, mul, add), in float64.
 */
import { describe, expect, it } from 'vitest';
import {
  add,
  concat,
  DTypeError,
  fusedGruCell,
  fusedLstmCell,
  mul,
  Rng,
  ShapeError,
  sigmoid,
  split,
  sub,
  type Tensor,
  tanh,
  tensor,
  zeros,
} from '../../src/index.js';
import { expectClose } from '../helpers/allclose.js';
import { checkOp } from '../helpers/check-op.js';

/**
 * Shapes of the cases: gate shares [N, G·H] twice and the state [N, H] at awkward sizes, one row,
 * one unit; then with both biases [G·H].
 */
const cases = (gates: number, biases = false) =>
  [
    [2, 3],
    [1, 1],
    [3, 5],
  ].map(([n, h]) => [
    [n as number, gates * (h as number)],
    [n as number, gates * (h as number)],
    [n as number, h as number],
    ...(biases ? [[gates * (h as number)], [gates * (h as number)]] : []),
  ]);

/** The LSTM step as separate ops: the oracle for the fused one. */
function lstmComposite(xg: Tensor, hg: Tensor, c: Tensor, ib?: Tensor, hb?: Tensor): { h: Tensor; c: Tensor } {
  const pre = add(ib ? add(xg, ib) : xg, hb ? add(hg, hb) : hg);
  const [i, f, g, o] = split(pre, c.shape[1] as number, 1) as [Tensor, Tensor, Tensor, Tensor];
  const c2 = add(mul(sigmoid(f), c), mul(sigmoid(i), tanh(g)));
  return { h: mul(sigmoid(o), tanh(c2)), c: c2 };
}

/** The GRU step as separate ops. */
function gruComposite(xg: Tensor, hg: Tensor, h: Tensor, ib?: Tensor, hb?: Tensor): Tensor {
  const H = h.shape[1] as number;
  const [xr, xz, xn] = split(ib ? add(xg, ib) : xg, H, 1) as [Tensor, Tensor, Tensor];
  const [hr, hz, hn] = split(hb ? add(hg, hb) : hg, H, 1) as [Tensor, Tensor, Tensor];
  const r = sigmoid(add(xr, hr));
  const z = sigmoid(add(xz, hz));
  const n = tanh(add(xn, mul(r, hn)));
  return add(n, mul(z, sub(h, n)));
}

const rng = new Rng(3);
function random(shape: number[]): Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  return tensor(
    Float64Array.from({ length: n }, () => rng.normal(0, 1.5)),
    { shape, requiresGrad: true },
  );
}

/** Values and input gradients of fn under a random weighting of its output. */
function run(fn: (...xs: Tensor[]) => Tensor, inputs: Tensor[]) {
  const leaves = inputs.map((t) => tensor(t.data.slice(), { shape: t.shape, requiresGrad: true }));
  const out = fn(...leaves);
  const w = new Rng(9);
  out
    .mul(
      tensor(
        Float64Array.from({ length: out.numel() }, () => w.uniform(-1, 1)),
        { shape: out.shape },
      ),
    )
    .sum()
    .backward();
  return { out, grads: leaves.map((t) => t.grad) };
}

/** The fused and the composite step agree in values and gradients, with and without biases. */
function expectSameAsComposite(gates: number, fused: (...xs: Tensor[]) => Tensor, plain: (...xs: Tensor[]) => Tensor) {
  for (const biases of [false, true]) {
    for (const shapes of cases(gates, biases)) {
      const inputs = shapes.map(random);
      const [f, p] = [run(fused, inputs), run(plain, inputs)];
      expectClose(f.out, p.out, { rtol: 1e-12, floor: 1e-12 });
      f.grads.forEach((g, i) => {
        expectClose(g as Tensor, p.grads[i] as Tensor, { rtol: 1e-11, floor: 1e-11, label: `input ${i}` });
      });
    }
  }
}

/** fn(xg, hg, state, ib?, hb?) as a function of a list of inputs. */
const spread =
  <R>(fn: (xg: Tensor, hg: Tensor, s: Tensor, ib?: Tensor, hb?: Tensor) => R) =>
  (...xs: Tensor[]) =>
    fn(xs[0] as Tensor, xs[1] as Tensor, xs[2] as Tensor, xs[3], xs[4]);

/** The same function with only the hidden bias (the input bias left out). */
const hiddenBiasOnly =
  <R>(fn: (xg: Tensor, hg: Tensor, s: Tensor, ib?: Tensor, hb?: Tensor) => R) =>
  (...xs: Tensor[]) =>
    fn(xs[0] as Tensor, xs[1] as Tensor, xs[2] as Tensor, undefined, xs[3]);

const lstmBoth = (f: typeof lstmComposite) =>
  spread((xg, hg, c, ib, hb) => {
    const next = f(xg, hg, c, ib, hb);
    return concat([next.h, next.c], 1);
  });

describe('fusedLstmCell', () => {
  it('checkOp: h and c together, h alone, c alone; with and without biases', () => {
    for (const biases of [false, true]) {
      const shapes = cases(4, biases);
      checkOp(`fusedLstmCell [h, c] biases=${biases}`, lstmBoth(fusedLstmCell), { shapes });
      checkOp(
        `fusedLstmCell h biases=${biases}`,
        spread((...a) => fusedLstmCell(...a).h),
        { shapes },
      );
      checkOp(
        `fusedLstmCell c biases=${biases}`,
        spread((...a) => fusedLstmCell(...a).c),
        { shapes },
      );
    }
    const hiddenOnly = cases(4, true).map((c) => c.slice(0, 4));
    checkOp(
      'fusedLstmCell hidden bias only',
      hiddenBiasOnly((...a) => fusedLstmCell(...a).h),
      { shapes: hiddenOnly },
    );
  });

  it('equals the step written with separate ops, values and gradients (float64)', () => {
    expectSameAsComposite(4, lstmBoth(fusedLstmCell), lstmBoth(lstmComposite));
  });

  it('checks shapes and dtypes, naming the op', () => {
    expect(() => fusedLstmCell(zeros([2, 12]), zeros([2, 16]), zeros([2, 4]))).toThrow(
      new ShapeError(
        'fusedLstmCell: inputGates [2, 12] and hiddenGates [2, 16] must be [2, 16] for c [2, 4]: ' +
          'the 4 gates i, f, g, o of H units each, side by side',
      ),
    );
    expect(() => fusedLstmCell(zeros([2, 16]), zeros([2, 16]), zeros([4]))).toThrow(
      'fusedLstmCell: c must be [N, H], got [4]',
    );
    expect(() => fusedLstmCell(zeros([1, 4]), zeros([1, 4]), zeros([1, 1], { dtype: 'int32' }))).toThrow(DTypeError);
    expect(() => fusedLstmCell(zeros([2, 16]), zeros([2, 16]), zeros([2, 4]), zeros([12]))).toThrow(
      'fusedLstmCell: a bias must be [16] (4·H) for c [2, 4], got [12]',
    );
    // Mixed float dtypes are promoted, as other ops do.
    expect(fusedLstmCell(zeros([1, 4]), zeros([1, 4], { dtype: 'float64' }), zeros([1, 1])).h.dtype).toBe('float64');
  });
});

describe('fusedGruCell', () => {
  it('checkOp, with and without biases', () => {
    checkOp('fusedGruCell', spread(fusedGruCell), { shapes: cases(3) });
    checkOp('fusedGruCell biases', spread(fusedGruCell), { shapes: cases(3, true) });
    const hiddenOnly = cases(3, true).map((c) => c.slice(0, 4));
    checkOp('fusedGruCell hidden bias only', hiddenBiasOnly(fusedGruCell), { shapes: hiddenOnly });
  });

  it('equals the step written with separate ops, values and gradients (float64)', () => {
    expectSameAsComposite(3, spread(fusedGruCell), spread(gruComposite));
  });

  it('checks shapes', () => {
    expect(() => fusedGruCell(zeros([2, 12]), zeros([2, 9]), zeros([2, 4]))).toThrow(
      'fusedGruCell: inputGates [2, 12] and hiddenGates [2, 9] must be [2, 12] for h [2, 4]',
    );
  });
});
