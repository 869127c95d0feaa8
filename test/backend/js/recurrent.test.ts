/**
 * The reference recurrent-cell kernels against the LSTM and GRU formulas written out per unit
 * (float64), at awkward sizes, with and without biases; float32 arrays within float32 rounding of
 * the float64 results (for gradients, absolute: 1 − z, h − n and the like cancel); a null
 * gradient is the same as zeros.
 */
import { describe, expect, it } from 'vitest';
import { jsRecurrent } from '../../../src/backend/js/recurrent.js';
import type { CellGates } from '../../../src/backend/kernels/recurrent.js';
import type { FloatArray } from '../../../src/dtype.js';
import { Rng } from '../../../src/index.js';
import { expectClose } from '../../helpers/allclose.js';

/** [N, H, with biases] */
const SIZES: Array<[number, number, boolean]> = [
  [1, 1, false],
  [3, 5, true],
  [2, 17, true],
  [2, 3, false],
];
const rng = new Rng(11);
const random = (n: number, scale = 2) => Float64Array.from({ length: n }, () => rng.normal(0, scale));
const sig = (v: number) => 1 / (1 + Math.exp(-v));
const f32 = (a: FloatArray) => Float32Array.from(a);
const ulp32 = (a: Float64Array) => Float64Array.from(f32(a)); // values exactly representable in float32

/** Random gate shares [N, G·H] and biases [G·H] (or none). */
function cellGates(gates: number, batch: number, hidden: number, biases: boolean): CellGates {
  const n = batch * gates * hidden;
  return {
    inputGates: ulp32(random(n)),
    hiddenGates: ulp32(random(n)),
    inputBias: biases ? ulp32(random(gates * hidden)) : null,
    hiddenBias: biases ? ulp32(random(gates * hidden)) : null,
    batch,
    hidden,
  };
}

function asFloat32(cell: CellGates): CellGates {
  const { inputGates, hiddenGates, inputBias, hiddenBias } = cell;
  return {
    ...cell,
    inputGates: f32(inputGates),
    hiddenGates: f32(hiddenGates),
    inputBias: inputBias && f32(inputBias),
    hiddenBias: hiddenBias && f32(hiddenBias),
  };
}

/** Gate `gate` of unit j of row n: (input share + its bias, hidden share + its bias). */
function shares(cell: CellGates, gates: number, gate: number, n: number, j: number): [number, number] {
  const col = gate * cell.hidden + j;
  const k = n * gates * cell.hidden + col;
  return [
    (cell.inputGates[k] as number) + ((cell.inputBias?.[col] as number | undefined) ?? 0),
    (cell.hiddenGates[k] as number) + ((cell.hiddenBias?.[col] as number | undefined) ?? 0),
  ];
}

/** The LSTM forward and backward of unit j of row n, as the formulas read. */
function lstmUnit(cell: CellGates, c: FloatArray, dh: number, dc: number, n: number, j: number) {
  const pre = (gate: number) => shares(cell, 4, gate, n, j).reduce((a, b) => a + b);
  const [i, f, g, o] = [sig(pre(0)), sig(pre(1)), Math.tanh(pre(2)), sig(pre(3))];
  const c0 = c[n * cell.hidden + j] as number;
  const c1 = f * c0 + i * g;
  const t = Math.tanh(c1);
  const dcTotal = dc + dh * o * (1 - t * t);
  const dPre = [dcTotal * g * i * (1 - i), dcTotal * c0 * f * (1 - f), dcTotal * i * (1 - g * g), dh * t * o * (1 - o)];
  return { h1: o * t, c1, gates: [i, f, g, o], dPre, dc0: dcTotal * f };
}

describe('jsRecurrent.lstmCell / lstmCellBackward', () => {
  it('float64: the formulas, per unit, in the gate order i, f, g, o', () => {
    for (const [N, H, biases] of SIZES) {
      const cell = cellGates(4, N, H, biases);
      const [c, dh, dc] = [random(N * H), random(N * H), random(N * H)];
      const out = jsRecurrent.lstmCell(cell, c);
      const back = jsRecurrent.lstmCellBackward(dh, dc, c, out, N, H);
      for (let n = 0; n < N; n++) {
        for (let j = 0; j < H; j++) {
          const u = lstmUnit(cell, c, dh[n * H + j] as number, dc[n * H + j] as number, n, j);
          expect(out.h[n * H + j]).toBeCloseTo(u.h1, 13);
          expect(out.c[n * H + j]).toBeCloseTo(u.c1, 13);
          expect(back.c[n * H + j]).toBeCloseTo(u.dc0, 12);
          for (let gate = 0; gate < 4; gate++) {
            expect(out.gates[n * 4 * H + gate * H + j]).toBeCloseTo(u.gates[gate] as number, 14);
            expect(back.gates[n * 4 * H + gate * H + j]).toBeCloseTo(u.dPre[gate] as number, 12);
          }
        }
      }
    }
  });

  it('null gradients are zeros', () => {
    const [N, H] = [3, 5];
    const cell = cellGates(4, N, H, true);
    const [c, g] = [random(N * H), random(N * H)];
    const out = jsRecurrent.lstmCell(cell, c);
    const zero = new Float64Array(N * H);
    const back = (dh: FloatArray | null, dc: FloatArray | null) => jsRecurrent.lstmCellBackward(dh, dc, c, out, N, H);
    expect(back(null, g)).toEqual(back(zero, g));
    expect(back(g, null)).toEqual(back(g, zero));
    expect(back(null, null)).toEqual(back(zero, zero));
  });

  it('float32 arrays in, float32 out, within float32 rounding of the float64 results', () => {
    for (const [N, H, biases] of SIZES) {
      const cell = cellGates(4, N, H, biases);
      const [c, dh, dc] = [ulp32(random(N * H)), ulp32(random(N * H)), ulp32(random(N * H))];
      const o64 = jsRecurrent.lstmCell(cell, c);
      const o32 = jsRecurrent.lstmCell(asFloat32(cell), f32(c));
      expect(o32.h).toBeInstanceOf(Float32Array);
      for (const key of ['h', 'c', 'gates', 'tanhC'] as const) {
        expectClose(o32[key], o64[key], { rtol: 1e-6, floor: 0.5 });
      }
      const b64 = jsRecurrent.lstmCellBackward(dh, dc, c, o64, N, H);
      const b32 = jsRecurrent.lstmCellBackward(f32(dh), f32(dc), f32(c), o32, N, H);
      expectClose(b32.gates, b64.gates, { rtol: 1e-5, floor: 0.1 });
      expectClose(b32.c, b64.c, { rtol: 1e-5, floor: 0.1 });
    }
  });
});

describe('jsRecurrent.gruCell / gruCellBackward', () => {
  it('float64: the formulas, per unit, in the gate order r, z, n, the hidden bias inside r ⊙ (·)', () => {
    for (const [N, H, biases] of SIZES) {
      const cell = cellGates(3, N, H, biases);
      const [h, dh] = [random(N * H), random(N * H)];
      const out = jsRecurrent.gruCell(cell, h);
      const back = jsRecurrent.gruCellBackward(dh, cell, h, out.gates);
      for (let n = 0; n < N; n++) {
        for (let j = 0; j < H; j++) {
          const k = (gate: number) => n * 3 * H + gate * H + j;
          const [[xr, hr], [xz, hz], [xn, hn]] = [0, 1, 2].map((gate) => shares(cell, 3, gate, n, j)) as [
            [number, number],
            [number, number],
            [number, number],
          ];
          const r = sig(xr + hr);
          const z = sig(xz + hz);
          const m = Math.tanh(xn + r * hn);
          const h0 = h[n * H + j] as number;
          const g = dh[n * H + j] as number;
          expect(out.h[n * H + j]).toBeCloseTo((1 - z) * m + z * h0, 13);
          const dn = g * (1 - z) * (1 - m * m);
          const dz = g * (h0 - m) * z * (1 - z);
          const dr = dn * hn * r * (1 - r);
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
    const cell = cellGates(3, N, H, true);
    const [h, dh] = [ulp32(random(N * H)), ulp32(random(N * H))];
    const o64 = jsRecurrent.gruCell(cell, h);
    const o32 = jsRecurrent.gruCell(asFloat32(cell), f32(h));
    expect(o32.h).toBeInstanceOf(Float32Array);
    expectClose(o32.h, o64.h, { rtol: 1e-6, floor: 0.5 });
    const b64 = jsRecurrent.gruCellBackward(dh, cell, h, o64.gates);
    const b32 = jsRecurrent.gruCellBackward(f32(dh), asFloat32(cell), f32(h), o32.gates);
    for (const key of ['inputGates', 'hiddenGates', 'h'] as const) {
      expectClose(b32[key], b64[key], { rtol: 1e-5, floor: 0.1 });
    }
  });
});
