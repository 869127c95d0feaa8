/**
 * The reference recurrent-cell kernels against the LSTM and GRU formulas written out per unit
 * (float64), at awkward sizes; float32 arrays within float32 rounding of the float64 results (for
 * gradients, absolute: 1 − z, h − n and the like cancel); a null gradient is the same as zeros.
 */
import { describe, expect, it } from 'vitest';
import { jsRecurrent } from '../../../src/backend/js/recurrent.js';
import type { FloatArray } from '../../../src/dtype.js';
import { Rng } from '../../../src/index.js';
import { expectClose } from '../../helpers/allclose.js';

const SIZES: Array<[number, number]> = [
  [1, 1],
  [3, 5],
  [2, 17],
];
const rng = new Rng(11);
const random = (n: number, scale = 2) => Float64Array.from({ length: n }, () => rng.normal(0, scale));
const sig = (v: number) => 1 / (1 + Math.exp(-v));
const f32 = (a: FloatArray) => Float32Array.from(a);

/** The LSTM forward and backward of unit j of row n, as the formulas read. */
function lstmUnit(
  x: FloatArray,
  hg: FloatArray,
  c: FloatArray,
  dh: number,
  dc: number,
  n: number,
  j: number,
  H: number,
) {
  const pre = (gate: number) => (x[n * 4 * H + gate * H + j] as number) + (hg[n * 4 * H + gate * H + j] as number);
  const [i, f, g, o] = [sig(pre(0)), sig(pre(1)), Math.tanh(pre(2)), sig(pre(3))];
  const c0 = c[n * H + j] as number;
  const c1 = f * c0 + i * g;
  const h1 = o * Math.tanh(c1);
  const dcTotal = dc + dh * o * (1 - Math.tanh(c1) ** 2);
  const dPre = [
    dcTotal * g * i * (1 - i),
    dcTotal * c0 * f * (1 - f),
    dcTotal * i * (1 - g * g),
    dh * Math.tanh(c1) * o * (1 - o),
  ];
  return { h1, c1, gates: [i, f, g, o], dPre, dc0: dcTotal * f };
}

describe('jsRecurrent.lstmCell / lstmCellBackward', () => {
  it('float64: the formulas, per unit, in the gate order i, f, g, o', () => {
    for (const [N, H] of SIZES) {
      const [x, hg, c, dh, dc] = [random(N * 4 * H), random(N * 4 * H), random(N * H), random(N * H), random(N * H)];
      const out = jsRecurrent.lstmCell(x, hg, c, N, H);
      const back = jsRecurrent.lstmCellBackward(dh, dc, c, out.gates, out.tanhC, N, H);
      for (let n = 0; n < N; n++) {
        for (let j = 0; j < H; j++) {
          const u = lstmUnit(x, hg, c, dh[n * H + j] as number, dc[n * H + j] as number, n, j, H);
          const at = (a: FloatArray, k: number) => a[k] as number;
          expect(at(out.h, n * H + j)).toBeCloseTo(u.h1, 13);
          expect(at(out.c, n * H + j)).toBeCloseTo(u.c1, 13);
          expect(at(back.c, n * H + j)).toBeCloseTo(u.dc0, 12);
          for (let gate = 0; gate < 4; gate++) {
            expect(at(out.gates, n * 4 * H + gate * H + j)).toBeCloseTo(u.gates[gate] as number, 14);
            expect(at(back.gates, n * 4 * H + gate * H + j)).toBeCloseTo(u.dPre[gate] as number, 12);
          }
        }
      }
    }
  });

  it('null gradients are zeros', () => {
    const [N, H] = [3, 5];
    const [x, hg, c, g] = [random(N * 4 * H), random(N * 4 * H), random(N * H), random(N * H)];
    const out = jsRecurrent.lstmCell(x, hg, c, N, H);
    const zero = new Float64Array(N * H);
    const back = (dh: FloatArray | null, dc: FloatArray | null) =>
      jsRecurrent.lstmCellBackward(dh, dc, c, out.gates, out.tanhC, N, H);
    expect(back(null, g)).toEqual(back(zero, g));
    expect(back(g, null)).toEqual(back(g, zero));
    expect(back(null, null)).toEqual(back(zero, zero));
  });

  it('float32 arrays in, float32 out, within float32 rounding of the float64 results', () => {
    for (const [N, H] of SIZES) {
      const [x, hg, c, dh, dc] = [
        random(N * 4 * H),
        random(N * 4 * H),
        random(N * H),
        random(N * H),
        random(N * H),
      ].map(
        (a) => Float64Array.from(f32(a)), // inputs exactly representable in float32
      ) as [Float64Array, Float64Array, Float64Array, Float64Array, Float64Array];
      const o64 = jsRecurrent.lstmCell(x, hg, c, N, H);
      const o32 = jsRecurrent.lstmCell(f32(x), f32(hg), f32(c), N, H);
      expect(o32.h).toBeInstanceOf(Float32Array);
      for (const key of ['h', 'c', 'gates', 'tanhC'] as const)
        expectClose(o32[key], o64[key], { rtol: 1e-6, floor: 1e-6 });
      const b64 = jsRecurrent.lstmCellBackward(dh, dc, c, o64.gates, o64.tanhC, N, H);
      const b32 = jsRecurrent.lstmCellBackward(f32(dh), f32(dc), f32(c), o32.gates, o32.tanhC, N, H);
      expectClose(b32.gates, b64.gates, { rtol: 1e-5, floor: 0.1 });
      expectClose(b32.c, b64.c, { rtol: 1e-5, floor: 0.1 });
    }
  });
});

describe('jsRecurrent.gruCell / gruCellBackward', () => {
  it('float64: the formulas, per unit, in the gate order r, z, n', () => {
    for (const [N, H] of SIZES) {
      const [x, hg, h, dh] = [random(N * 3 * H), random(N * 3 * H), random(N * H), random(N * H)];
      const out = jsRecurrent.gruCell(x, hg, h, N, H);
      const back = jsRecurrent.gruCellBackward(dh, hg, h, out.gates, N, H);
      for (let n = 0; n < N; n++) {
        for (let j = 0; j < H; j++) {
          const k = (gate: number) => n * 3 * H + gate * H + j;
          const [xv, hv] = [(gate: number) => x[k(gate)] as number, (gate: number) => hg[k(gate)] as number];
          const r = sig(xv(0) + hv(0));
          const z = sig(xv(1) + hv(1));
          const m = Math.tanh(xv(2) + r * hv(2));
          const h0 = h[n * H + j] as number;
          const g = dh[n * H + j] as number;
          expect(out.h[n * H + j]).toBeCloseTo((1 - z) * m + z * h0, 13);
          const dn = g * (1 - z) * (1 - m * m);
          const dz = g * (h0 - m) * z * (1 - z);
          const dr = dn * hv(2) * r * (1 - r);
          expect([0, 1, 2].map((gate) => back.inputGates[k(gate)])).toEqual(
            [dr, dz, dn].map((v) => expect.closeTo(v, 12)),
          );
          expect([0, 1, 2].map((gate) => back.hiddenGates[k(gate)])).toEqual(
            [dr, dz, dn * r].map((v) => expect.closeTo(v, 12)),
          );
          expect(back.h[n * H + j]).toBeCloseTo(g * z, 13);
        }
      }
    }
  });

  it('float32 arrays in, float32 out, within float32 rounding of the float64 results', () => {
    const [N, H] = [3, 17];
    const [x, hg, h, dh] = [random(N * 3 * H), random(N * 3 * H), random(N * H), random(N * H)].map((a) =>
      Float64Array.from(f32(a)),
    ) as [Float64Array, Float64Array, Float64Array, Float64Array];
    const o64 = jsRecurrent.gruCell(x, hg, h, N, H);
    const o32 = jsRecurrent.gruCell(f32(x), f32(hg), f32(h), N, H);
    expect(o32.h).toBeInstanceOf(Float32Array);
    expectClose(o32.h, o64.h, { rtol: 1e-6, floor: 1e-6 });
    const b64 = jsRecurrent.gruCellBackward(dh, hg, h, o64.gates, N, H);
    const b32 = jsRecurrent.gruCellBackward(f32(dh), f32(hg), f32(h), o32.gates, N, H);
    for (const key of ['inputGates', 'hiddenGates', 'h'] as const)
      expectClose(b32[key], b64[key], { rtol: 1e-5, floor: 0.1 });
  });
});
