/**
 * The step functions against their formulas written out per element in plain JS, and a
 * finite-difference gradient check of each (every input: the input projection, the states and the
 * hidden weights).
 */
import { describe, expect, it } from 'vitest';
import { gruStep, type HiddenWeights, lstmStep, Rng, rnnStep, type Tensor, tensor } from '../../src/index.js';
import { expectClose } from '../helpers/allclose.js';
import { gradcheck } from '../helpers/gradcheck.js';

const N = 2;
const H = 3;
const rng = new Rng(5);

function random(shape: number[], scale = 1): Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  return tensor(
    Float64Array.from({ length: n }, () => rng.normal(0, scale)),
    { shape },
  );
}

const sig = (v: number) => 1 / (1 + Math.exp(-v));
const at = (t: Tensor, i: number, j: number) => t.data[i * (t.shape[1] as number) + j] as number;

/** pre[i][g·H + j] = xProj + h·W_hhᵀ + b_hh, in plain loops. */
function preActivations(xProj: Tensor, h: Tensor, w: Tensor, b: Tensor): number[][] {
  const gh = w.shape[0] as number;
  return Array.from({ length: N }, (_, i) =>
    Array.from({ length: gh }, (_, r) => {
      let s = at(xProj, i, r) + (b.data[r] as number);
      for (let k = 0; k < H; k++) s += at(h, i, k) * at(w, r, k);
      return s;
    }),
  );
}

describe('rnnStep', () => {
  it('is act(xProj + h·W_hhᵀ + b_hh) for tanh and relu', () => {
    const [xProj, h, w, b] = [random([N, H]), random([N, H]), random([H, H]), random([H])];
    const pre = preActivations(xProj, h, w, b);
    expectClose(
      rnnStep(xProj, h, { weightHh: w, biasHh: b }),
      pre.map((r) => r.map(Math.tanh)),
    );
    const relu = rnnStep(xProj, h, { weightHh: w, biasHh: b }, 'relu');
    expectClose(
      relu,
      pre.map((r) => r.map((v) => Math.max(v, 0))),
    );
    expect(relu.data.some((v) => v === 0)).toBe(true); // the case has negative pre-activations
  });

  it('has correct gradients', () => {
    gradcheck(
      (x, h, w, b) => rnnStep(x, h, { weightHh: w, biasHh: b }),
      [random([N, H]), random([N, H]), random([H, H]), random([H])],
    );
  });
});

describe('lstmStep', () => {
  it('computes c′ = f⊙c + i⊙g and h′ = o⊙tanh(c′) with the gates in the order i, f, g, o', () => {
    const [xProj, h, c, w, b] = [
      random([N, 4 * H]),
      random([N, H]),
      random([N, H]),
      random([4 * H, H]),
      random([4 * H]),
    ];
    const pre = preActivations(xProj, h, w, b);
    const next = lstmStep(xProj, { h, c }, { weightHh: w, biasHh: b });
    const gate = (i: number, g: number, j: number) => (pre[i] as number[])[g * H + j] as number;
    const c2 = Array.from({ length: N }, (_, i) =>
      Array.from(
        { length: H },
        (_, j) => sig(gate(i, 1, j)) * at(c, i, j) + sig(gate(i, 0, j)) * Math.tanh(gate(i, 2, j)),
      ),
    );
    expectClose(next.c, c2);
    expectClose(
      next.h,
      c2.map((r, i) => r.map((v, j) => sig(gate(i, 3, j)) * Math.tanh(v))),
    );
  });

  it('has correct gradients through h′ and c′', () => {
    const fn = (x: Tensor, h: Tensor, c: Tensor, w: Tensor, b: Tensor) => {
      const s = lstmStep(x, { h, c }, { weightHh: w, biasHh: b });
      return s.h.mul(s.c.add(1)); // both outputs reach the loss
    };
    gradcheck(fn, [random([N, 4 * H]), random([N, H]), random([N, H]), random([4 * H, H]), random([4 * H])]);
  });
});

describe('gruStep', () => {
  it('computes (1 − z)⊙n + z⊙h with n = tanh(x_n + r⊙(W_hn h + b_hn)), gates r, z, n', () => {
    const [xProj, h, w, b] = [random([N, 3 * H]), random([N, H]), random([3 * H, H]), random([3 * H])];
    const hProj = preActivations(tensor(new Float64Array(N * 3 * H), { shape: [N, 3 * H] }), h, w, b);
    const next = gruStep(xProj, h, { weightHh: w, biasHh: b });
    const expected = Array.from({ length: N }, (_, i) =>
      Array.from({ length: H }, (_, j) => {
        const hp = (g: number) => (hProj[i] as number[])[g * H + j] as number;
        const r = sig(at(xProj, i, j) + hp(0));
        const z = sig(at(xProj, i, H + j) + hp(1));
        const n = Math.tanh(at(xProj, i, 2 * H + j) + r * hp(2));
        return (1 - z) * n + z * at(h, i, j);
      }),
    );
    expectClose(next, expected);
  });

  it('has correct gradients, with and without the hidden bias', () => {
    const inputs = [random([N, 3 * H]), random([N, H]), random([3 * H, H]), random([3 * H])];
    gradcheck((x, h, w, b) => gruStep(x, h, { weightHh: w, biasHh: b }), inputs);
    gradcheck((x, h, w) => gruStep(x, h, { weightHh: w, biasHh: null }), inputs.slice(0, 3));
  });
});

describe('w.biasIh: b_ih left out of xProj and added by the step', () => {
  it('gives the step of xProj + b_ih, and b_ih its gradient', () => {
    const cases = [
      { gates: 1, run: (x: Tensor, h: Tensor, w: HiddenWeights) => rnnStep(x, h, w) },
      { gates: 4, run: (x: Tensor, h: Tensor, w: HiddenWeights) => lstmStep(x, { h, c: h.mul(0.5) }, w).h },
      { gates: 3, run: (x: Tensor, h: Tensor, w: HiddenWeights) => gruStep(x, h, w) },
    ];
    for (const { gates, run } of cases) {
      const [x, h, wHh, bHh, bIh] = [
        random([N, gates * H]),
        random([N, H]),
        random([gates * H, H]),
        random([gates * H]),
        random([gates * H]),
      ];
      expectClose(
        run(x, h, { weightHh: wHh, biasHh: bHh, biasIh: bIh }),
        run(x.add(bIh), h, { weightHh: wHh, biasHh: bHh }),
        { rtol: 1e-12, floor: 1e-12 },
      );
      gradcheck((xi, hi, b) => run(xi, hi, { weightHh: wHh, biasHh: bHh, biasIh: b }), [x, h, bIh]);
    }
  });
});
