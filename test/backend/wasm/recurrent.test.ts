/**
 * The WASM LSTM cell (forward) against the JS reference: float32 exp/σ/tanh from a polynomial,
 * so within a few float32 ulps, at awkward batch sizes, widths that are multiples of 4, with and
 * without biases, over the whole range of the gates (saturated, near 0, tiny); and the fallbacks.
 * The whole-direction kernels (forward and backward) give the bits of the step loops they fuse.
 */
import { describe, expect, it } from 'vitest';
import { jsRecurrent, lstmBackwardFrom, lstmForwardFrom } from '../../../src/backend/js/recurrent.js';
import type {
  CellGates,
  LstmSequenceGradInputs,
  LstmSequenceInputs,
  LstmSequenceOutputs,
} from '../../../src/backend/kernels/recurrent.js';
import { createMatmul } from '../../../src/backend/wasm/gemm.js';
import { createRuntime, probeFeatures } from '../../../src/backend/wasm/module.js';
import { Pool } from '../../../src/backend/wasm/pool.js';
import { createRecurrent } from '../../../src/backend/wasm/recurrent.js';
import { Rng } from '../../../src/random.js';
import { firstDifference } from '../../helpers/allclose.js';

const rt = createRuntime(probeFeatures());
if (rt === null) throw new Error('WebAssembly SIMD is missing in this Node: the WASM backend cannot be tested');
const pool = new Pool(rt);
const matmul = createMatmul(rt, pool);
const wasm = createRecurrent(rt, matmul.gemm);
const rng = new Rng(25);
/** Values over several scales: tiny, near 0, around 1, saturating (|x| up to 100). */
const values = (n: number) =>
  Float32Array.from({ length: n }, (_, i) => rng.normal() * [1e-6, 0.01, 0.5, 3, 100][i % 5]!);

/** |a − b| ≤ 4 float32 ulps of the larger magnitude, plus 1e-7 absolute near 0. */
function expectUlpClose(actual: Float32Array, expected: ArrayLike<number>) {
  let worst = 0;
  for (let i = 0; i < actual.length; i++) {
    const a = actual[i] as number;
    const b = expected[i] as number;
    const tol = 4 * 2 ** -23 * Math.max(Math.abs(a), Math.abs(b)) + 1e-7;
    worst = Math.max(worst, Math.abs(a - b) / tol);
  }
  expect(worst).toBeLessThanOrEqual(1);
}

describe('WASM lstmCell (forward)', () => {
  for (const [batch, hidden] of [
    [1, 4],
    [3, 8],
    [5, 32],
    [17, 4],
    [2, 128],
  ] as const) {
    for (const withBias of [true, false]) {
      it(`N = ${batch}, H = ${hidden}${withBias ? ', biases' : ''}: the reference's h, c, gates and tanh(c) within 4 ulps`, () => {
        const cell: CellGates = {
          inputGates: values(batch * 4 * hidden),
          hiddenGates: values(batch * 4 * hidden),
          inputBias: withBias ? values(4 * hidden) : null,
          hiddenBias: withBias ? values(4 * hidden) : null,
          batch,
          hidden,
        };
        const c = values(batch * hidden);
        const got = wasm.lstmCell(cell, c);
        const want = jsRecurrent.lstmCell(cell, c);
        for (const key of ['h', 'c', 'gates', 'tanhC'] as const) {
          expect(got[key]).toBeInstanceOf(Float32Array);
          expectUlpClose(got[key] as Float32Array, want[key]);
        }
      });
    }
  }

  it('float64 and widths that are not a multiple of 4 use the reference (equal bits)', () => {
    const make = (f: (n: number) => Float32Array | Float64Array, hidden: number): CellGates => ({
      inputGates: f(2 * 4 * hidden),
      hiddenGates: f(2 * 4 * hidden),
      inputBias: null,
      hiddenBias: f(4 * hidden),
      batch: 2,
      hidden,
    });
    const f64 = (n: number) => Float64Array.from(values(n));
    const odd = make(values, 3);
    const c3 = values(6);
    expect(wasm.lstmCell(odd, c3)).toEqual(jsRecurrent.lstmCell(odd, c3));
    const wide = make(f64, 4);
    const c = f64(8);
    expect(wasm.lstmCell(wide, c)).toEqual(jsRecurrent.lstmCell(wide, c));
  });
});

/**
 * What lstmBackward reads for one direction of these sizes: the given gradients, and the forward's
 * inputs and results.
 */
function gradInputs(
  [steps, batch, hidden]: readonly [number, number, number],
  forward: LstmSequenceInputs,
  saved: LstmSequenceOutputs,
  grads: Pick<LstmSequenceGradInputs, 'gradHs' | 'gradH' | 'gradC'>,
  reverse: boolean,
  needH0: boolean,
): LstmSequenceGradInputs {
  return { ...grads, c0: forward.c0, saved, weightHh: forward.weightHh, steps, batch, hidden, reverse, needH0 };
}

/** Random inputs of one LSTM direction (W_hh scaled down so the states stay in range); `make` makes each array. */
function sequenceInputs(
  [steps, batch, hidden]: readonly [number, number, number],
  reverse: boolean,
  biases: boolean,
  make: (n: number) => Float32Array | Float64Array = values,
): LstmSequenceInputs {
  return {
    xProj: make(steps * batch * 4 * hidden),
    h0: make(batch * hidden),
    c0: make(batch * hidden),
    weightHh: make(4 * hidden * hidden).map((v) => v / 50),
    inputBias: biases ? make(4 * hidden) : null,
    hiddenBias: biases ? make(4 * hidden) : null,
    steps,
    batch,
    hidden,
    reverse,
  };
}

describe('WASM lstmForward (a whole direction in one call)', () => {
  for (const [steps, batch, hidden] of [
    [1, 1, 4],
    [5, 3, 8],
    [7, 17, 4],
    [32, 32, 32],
    [3, 2, 6], // H not a multiple of 4: the per-step loop
  ] as const) {
    for (const reverse of [false, true]) {
      for (const biases of [false, true]) {
        it(`T ${steps}, N ${batch}, H ${hidden}, reverse ${reverse}, biases ${biases}: the bits of the step loop`, () => {
          const x = sequenceInputs([steps, batch, hidden], reverse, biases);
          const got = wasm.lstmForward(x);
          const want = lstmForwardFrom(matmul.gemm, wasm.lstmCell, x);
          // the first differing element of each output (-1: none); a plain toEqual would print
          // a diff of up to 131,072 values
          for (const key of ['h', 'c', 'gates', 'tanhC'] as const) {
            expect(firstDifference(got[key], want[key]), key).toBe(-1);
          }
        });
      }
    }
  }
});

describe('WASM lstmBackward (a whole direction in one call)', () => {
  // every combination of the gradients that can reach a direction: its outputs, its final h and c
  const reaching = [
    { hs: true, h: false, c: false },
    { hs: false, h: true, c: false },
    { hs: false, h: false, c: true },
    { hs: true, h: true, c: true },
  ];
  for (const [steps, batch, hidden] of [
    [1, 1, 4],
    [5, 3, 8],
    [7, 17, 5], // H not a multiple of 4: the backward still runs in one call
    [32, 32, 32],
  ] as const) {
    for (const reverse of [false, true]) {
      for (const [r, given] of reaching.entries()) {
        const needH0 = r % 2 === 0;
        it(`T ${steps}, N ${batch}, H ${hidden}, reverse ${reverse}, grads ${JSON.stringify(given)}, h0 ${needH0}: the bits of the step loop`, () => {
          const forward = sequenceInputs([steps, batch, hidden], reverse, false);
          // saved results from the reference loop (any values of the right shapes would do)
          const saved = lstmForwardFrom(matmul.gemm, jsRecurrent.lstmCell, forward);
          const grads = {
            gradHs: given.hs ? values(steps * batch * hidden) : null,
            gradH: given.h ? values(batch * hidden) : null,
            gradC: given.c ? values(batch * hidden) : null,
          };
          const x = gradInputs([steps, batch, hidden], forward, saved, grads, reverse, needH0);
          const got = wasm.lstmBackward(x);
          const want = lstmBackwardFrom(matmul.gemm, jsRecurrent.lstmCellBackward, x);
          expect(firstDifference(got.gates, want.gates), 'd pre').toBe(-1);
          expect(firstDifference(got.c, want.c), 'dc0').toBe(-1);
          expect(got.h === null, 'dh0 present').toBe(want.h === null);
          if (got.h !== null && want.h !== null) expect(firstDifference(got.h, want.h), 'dh0').toBe(-1);
          // h0's gradient exists exactly when asked for
          expect(got.h !== null).toBe(needH0);
        });
      }
    }
  }

  it('float64 arrays use the reference loop', () => {
    const [steps, batch, hidden] = [3, 2, 4];
    const f64 = (n: number) => Float64Array.from(values(n));
    const forward = sequenceInputs([steps, batch, hidden], false, false, f64);
    const saved = lstmForwardFrom(matmul.gemm, jsRecurrent.lstmCell, forward);
    const grads = { gradHs: f64(steps * batch * hidden), gradH: null, gradC: null };
    const x = gradInputs([steps, batch, hidden], forward, saved, grads, false, true);
    const got = wasm.lstmBackward(x);
    expect(got.gates).toBeInstanceOf(Float64Array);
    expect(firstDifference(got.gates, lstmBackwardFrom(matmul.gemm, jsRecurrent.lstmCellBackward, x).gates)).toBe(-1);
  });
});
