/**
 * lstmSequence: gradients by central differences (both directions, with and without biases), the
 * same values as the step loop it replaces and gradients within float32 rounding of its, and its
 * shape errors.
 */
import { describe, expect, it } from 'vitest';
import {
  add,
  concat,
  fusedLstmCell,
  linear,
  lstmSequence,
  mul,
  Rng,
  stack,
  type Tensor,
  tensor,
  unbind,
  zeros,
} from '../../src/index.js';
import { expectClose } from '../helpers/allclose.js';
import { gradcheck } from '../helpers/gradcheck.js';

describe('lstmSequence (all steps of an LSTM direction as one op)', () => {
  const rng = new Rng(11);
  const sample = (shape: number[], dtype: 'float32' | 'float64' = 'float64') =>
    tensor(
      Float64Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => rng.uniform(-1, 1)),
      { shape, dtype },
    );
  /** The loop a layer would run: h·W_hhᵀ and fusedLstmCell per step, outputs stacked [T, N, H]. */
  const stepwise = (xProj: Tensor, h0: Tensor, c0: Tensor, wHh: Tensor, ib?: Tensor, hb?: Tensor, reverse = false) => {
    const steps = xProj.shape[0] as number;
    const xs = unbind(xProj, 0);
    const hs = new Array<Tensor>(steps);
    let [h, c] = [h0, c0];
    for (let i = 0; i < steps; i++) {
      const t = reverse ? steps - 1 - i : i;
      const next = fusedLstmCell(xs[t] as Tensor, linear(h, wHh), c, ib, hb);
      [h, c] = [next.h, next.c];
      hs[t] = h;
    }
    return { hs: stack(hs, 0), h, c };
  };

  for (const reverse of [false, true]) {
    for (const biases of [false, true]) {
      it(`gradients by central differences (reverse ${reverse}, biases ${biases})`, () => {
        const [steps, n, h] = [3, 2, 3];
        const inputs = [sample([steps, n, 4 * h]), sample([n, h]), sample([n, h]), sample([4 * h, h])];
        if (biases) inputs.push(sample([4 * h]), sample([4 * h]));
        const run = (...xs: Tensor[]) => {
          const r = lstmSequence(
            xs[0] as Tensor,
            xs[1] as Tensor,
            xs[2] as Tensor,
            xs[3] as Tensor,
            xs[4],
            xs[5],
            reverse,
          );
          return concat([r.hs.reshape([steps * n, h]), r.h, r.c], 0);
        };
        gradcheck(run, inputs, { label: 'lstmSequence' });
      });
    }
  }

  it('float32: the same values as the step loop, and gradients within float32 rounding of its', () => {
    const [steps, n, h] = [5, 3, 4];
    for (const reverse of [false, true]) {
      const leaves = () => {
        const r = new Rng(3);
        const mk = (shape: number[]) =>
          tensor(
            Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => r.uniform(-1, 1)),
            {
              shape,
              requiresGrad: true,
            },
          );
        return [mk([steps, n, 4 * h]), mk([n, h]), mk([n, h]), mk([4 * h, h]), mk([4 * h]), mk([4 * h])];
      };
      const a = leaves();
      const b = leaves();
      const fused = lstmSequence(a[0]!, a[1]!, a[2]!, a[3]!, a[4], a[5], reverse);
      const loop = stepwise(b[0]!, b[1]!, b[2]!, b[3]!, b[4], b[5], reverse);
      expect(fused.hs.data).toEqual(loop.hs.data);
      expect([fused.h.data, fused.c.data]).toEqual([loop.h.data, loop.c.data]);
      const seed = sample([steps, n, h], 'float32');
      add(mul(fused.hs, seed).sum(), fused.c.sum()).backward();
      add(mul(loop.hs, seed).sum(), loop.c.sum()).backward();
      for (let i = 0; i < a.length; i++) expectClose(a[i]!.grad!, b[i]!.grad!, { rtol: 1e-5, floor: 0.1 });
    }
  });

  it('checks shapes, naming the op', () => {
    expect(() => lstmSequence(zeros([2, 16]), zeros([2, 4]), zeros([2, 4]), zeros([16, 4]))).toThrow(
      /lstmSequence: xProj must be \[T ≥ 1, N, 4H\]/,
    );
    expect(() => lstmSequence(zeros([3, 2, 16]), zeros([2, 4]), zeros([2, 4]), zeros([16, 4]), zeros([12]))).toThrow(
      'lstmSequence: a bias must be [16] (4·H) for c [2, 4], got [12]',
    );
  });
});
