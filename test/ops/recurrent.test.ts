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

/** [N, G·H] and [N, H] shapes for the cases: awkward sizes, one row, one unit. */
const cases = (gates: number) =>
  [
    [2, 3],
    [1, 1],
    [3, 5],
  ].map(([n, h]) => [
    [n as number, gates * (h as number)],
    [n as number, gates * (h as number)],
    [n as number, h as number],
  ]);

/** The LSTM step as separate ops: the oracle for the fused one. */
function lstmComposite(xg: Tensor, hg: Tensor, c: Tensor): { h: Tensor; c: Tensor } {
  const [i, f, g, o] = split(add(xg, hg), c.shape[1] as number, 1) as [Tensor, Tensor, Tensor, Tensor];
  const c2 = add(mul(sigmoid(f), c), mul(sigmoid(i), tanh(g)));
  return { h: mul(sigmoid(o), tanh(c2)), c: c2 };
}

/** The GRU step as separate ops. */
function gruComposite(xg: Tensor, hg: Tensor, h: Tensor): Tensor {
  const H = h.shape[1] as number;
  const [xr, xz, xn] = split(xg, H, 1) as [Tensor, Tensor, Tensor];
  const [hr, hz, hn] = split(hg, H, 1) as [Tensor, Tensor, Tensor];
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

describe('fusedLstmCell', () => {
  it('checkOp: h and c together, h alone, c alone', () => {
    const shapes = cases(4);
    checkOp(
      'fusedLstmCell [h, c]',
      (xg, hg, c) => {
        const next = fusedLstmCell(xg as Tensor, hg as Tensor, c as Tensor);
        return concat([next.h, next.c], 1);
      },
      { shapes },
    );
    checkOp('fusedLstmCell h', (xg, hg, c) => fusedLstmCell(xg as Tensor, hg as Tensor, c as Tensor).h, { shapes });
    checkOp('fusedLstmCell c', (xg, hg, c) => fusedLstmCell(xg as Tensor, hg as Tensor, c as Tensor).c, { shapes });
  });

  it('equals the step written with separate ops, values and gradients (float64)', () => {
    for (const shapes of cases(4)) {
      const inputs = shapes.map(random);
      const both = (f: typeof lstmComposite) => (xg: Tensor, hg: Tensor, c: Tensor) => {
        const next = f(xg, hg, c);
        return concat([next.h, next.c], 1);
      };
      const fused = run(both(fusedLstmCell) as (...xs: Tensor[]) => Tensor, inputs);
      const plain = run(both(lstmComposite) as (...xs: Tensor[]) => Tensor, inputs);
      expectClose(fused.out, plain.out, { rtol: 1e-12, floor: 1e-12 });
      fused.grads.forEach((g, i) => {
        expectClose(g as Tensor, plain.grads[i] as Tensor, { rtol: 1e-11, floor: 1e-11, label: `input ${i}` });
      });
    }
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
    // Mixed float dtypes are promoted, as other ops do.
    expect(fusedLstmCell(zeros([1, 4]), zeros([1, 4], { dtype: 'float64' }), zeros([1, 1])).h.dtype).toBe('float64');
  });
});

describe('fusedGruCell', () => {
  it('checkOp', () => {
    checkOp('fusedGruCell', (xg, hg, h) => fusedGruCell(xg as Tensor, hg as Tensor, h as Tensor), { shapes: cases(3) });
  });

  it('equals the step written with separate ops, values and gradients (float64)', () => {
    for (const shapes of cases(3)) {
      const inputs = shapes.map(random);
      const fused = run(fusedGruCell as (...xs: Tensor[]) => Tensor, inputs);
      const plain = run(gruComposite as (...xs: Tensor[]) => Tensor, inputs);
      expectClose(fused.out, plain.out, { rtol: 1e-12, floor: 1e-12 });
      fused.grads.forEach((g, i) => {
        expectClose(g as Tensor, plain.grads[i] as Tensor, { rtol: 1e-11, floor: 1e-11, label: `input ${i}` });
      });
    }
  });

  it('checks shapes', () => {
    expect(() => fusedGruCell(zeros([2, 12]), zeros([2, 9]), zeros([2, 4]))).toThrow(
      'fusedGruCell: inputGates [2, 12] and hiddenGates [2, 9] must be [2, 12] for h [2, 4]',
    );
  });
});
