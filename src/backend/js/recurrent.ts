/**
 * JS reference recurrent-cell kernels: one LSTM or GRU step's gates, state update and backward as
 * plain loops over the batch rows and the H units, each element in one pass. Values written to
 * the output arrays are read back before later use, so float32 results are rounded where the
 * separate ops (sigmoid, mul, add, …) would round them.
 */
import type { FloatArray } from '../../dtype.js';
import { type MatmulKernels, plainSpec } from '../kernels/matmul.js';
import type {
  CellGates,
  GruCellGrads,
  GruCellOutputs,
  LstmCellGrads,
  LstmCellOutputs,
  LstmSequenceGradInputs,
  LstmSequenceGrads,
  LstmSequenceInputs,
  LstmSequenceOutputs,
  RecurrentKernels,
} from '../kernels/recurrent.js';
import { sigmoid } from './activation.js';
import { like } from './broadcast.js';
import { jsMatmul } from './matmul.js';

/** The bias of each of `n` columns, b1 + b2, with null as zeros (read once per element below). */
function columnBias(b1: FloatArray | null, b2: FloatArray | null, n: number): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = (b1 === null ? 0 : (b1[i] as number)) + (b2 === null ? 0 : (b2[i] as number));
  return out;
}

function lstmCell(cell: CellGates, c: FloatArray): LstmCellOutputs {
  const { inputGates: x, hiddenGates: hg, batch, hidden } = cell;
  const bias = columnBias(cell.inputBias, cell.hiddenBias, 4 * hidden);
  const gates = like(x, batch * 4 * hidden);
  const h = like(c, batch * hidden);
  const cNext = like(c, batch * hidden);
  const tanhC = like(c, batch * hidden);
  for (let n = 0; n < batch; n++) {
    const row = n * 4 * hidden; // gate i of unit j is at row + j, f at row + H + j, …
    const s = n * hidden;
    for (let j = 0; j < hidden; j++) {
      const a = row + j;
      const b = a + hidden;
      const g = b + hidden;
      const o = g + hidden;
      gates[a] = sigmoid((x[a] as number) + (hg[a] as number) + (bias[j] as number));
      gates[b] = sigmoid((x[b] as number) + (hg[b] as number) + (bias[hidden + j] as number));
      gates[g] = Math.tanh((x[g] as number) + (hg[g] as number) + (bias[2 * hidden + j] as number));
      gates[o] = sigmoid((x[o] as number) + (hg[o] as number) + (bias[3 * hidden + j] as number));
      cNext[s + j] = (gates[b] as number) * (c[s + j] as number) + (gates[a] as number) * (gates[g] as number);
      tanhC[s + j] = Math.tanh(cNext[s + j] as number);
      h[s + j] = (gates[o] as number) * (tanhC[s + j] as number);
    }
  }
  return { h, c: cNext, gates, tanhC };
}

function lstmCellBackward(
  gradH: FloatArray | null,
  gradC: FloatArray | null,
  c: FloatArray,
  saved: LstmCellOutputs,
  batch: number,
  hidden: number,
): LstmCellGrads {
  const { gates, tanhC } = saved;
  const dGates = like(gates, batch * 4 * hidden);
  const dc = like(c, batch * hidden);
  for (let n = 0; n < batch; n++) {
    const row = n * 4 * hidden;
    const s = n * hidden;
    for (let j = 0; j < hidden; j++) {
      const a = row + j;
      const b = a + hidden;
      const g = b + hidden;
      const o = g + hidden;
      const i = gates[a] as number;
      const f = gates[b] as number;
      const gv = gates[g] as number;
      const ov = gates[o] as number;
      const t = tanhC[s + j] as number;
      const dh = gradH === null ? 0 : (gradH[s + j] as number);
      // dc′ from both paths: the next step's c, and h′ = o ⊙ tanh(c′).
      const dcTotal = (gradC === null ? 0 : (gradC[s + j] as number)) + dh * ov * (1 - t * t);
      dGates[a] = dcTotal * gv * i * (1 - i);
      dGates[b] = dcTotal * (c[s + j] as number) * f * (1 - f);
      dGates[g] = dcTotal * i * (1 - gv * gv);
      dGates[o] = dh * t * ov * (1 - ov);
      dc[s + j] = dcTotal * f;
    }
  }
  return { gates: dGates, c: dc };
}

function gruCell(cell: CellGates, h: FloatArray): GruCellOutputs {
  const { inputGates: x, hiddenGates: hg, batch, hidden } = cell;
  // r and z add both biases; n adds the input bias outside r ⊙ (·) and the hidden one inside.
  const rz = columnBias(cell.inputBias, cell.hiddenBias, 2 * hidden);
  const ib = columnBias(cell.inputBias, null, 3 * hidden);
  const hb = columnBias(null, cell.hiddenBias, 3 * hidden);
  const gates = like(x, batch * 3 * hidden);
  const hNext = like(h, batch * hidden);
  for (let n = 0; n < batch; n++) {
    const row = n * 3 * hidden;
    const s = n * hidden;
    for (let j = 0; j < hidden; j++) {
      const r = row + j;
      const z = r + hidden;
      const m = z + hidden; // the candidate n
      gates[r] = sigmoid((x[r] as number) + (hg[r] as number) + (rz[j] as number));
      gates[z] = sigmoid((x[z] as number) + (hg[z] as number) + (rz[hidden + j] as number));
      const xn = (x[m] as number) + (ib[2 * hidden + j] as number);
      gates[m] = Math.tanh(xn + (gates[r] as number) * ((hg[m] as number) + (hb[2 * hidden + j] as number)));
      const nv = gates[m] as number;
      hNext[s + j] = nv + (gates[z] as number) * ((h[s + j] as number) - nv);
    }
  }
  return { h: hNext, gates };
}

function gruCellBackward(gradH: FloatArray, cell: CellGates, h: FloatArray, gates: FloatArray): GruCellGrads {
  const { hiddenGates: hg, batch, hidden } = cell;
  const hb = columnBias(null, cell.hiddenBias, 3 * hidden);
  const dx = like(gates, batch * 3 * hidden);
  const dhg = like(gates, batch * 3 * hidden);
  const dh = like(h, batch * hidden);
  for (let n = 0; n < batch; n++) {
    const row = n * 3 * hidden;
    const s = n * hidden;
    for (let j = 0; j < hidden; j++) {
      const r = row + j;
      const z = r + hidden;
      const m = z + hidden;
      const rv = gates[r] as number;
      const zv = gates[z] as number;
      const nv = gates[m] as number;
      const g = gradH[s + j] as number;
      const dn = g * (1 - zv) * (1 - nv * nv);
      const dz = g * ((h[s + j] as number) - nv) * zv * (1 - zv);
      const dr = dn * ((hg[m] as number) + (hb[2 * hidden + j] as number)) * rv * (1 - rv);
      dx[r] = dr;
      dx[z] = dz;
      dx[m] = dn;
      dhg[r] = dr;
      dhg[z] = dz;
      dhg[m] = dn * rv;
      dh[s + j] = g * zv;
    }
  }
  return { inputGates: dx, hiddenGates: dhg, h: dh };
}

/**
 * `lstmForward` as the loop it stands for, over the given kernels: per step h·W_hhᵀ by `gemm`,
 * then `cell` with xProj's step, each step's results copied into slot t. Backends call it where
 * they do not fuse the loop, so that both give the same bits.
 * @example lstmForwardFrom(jsMatmul.gemm, lstmCell, { xProj, h0, c0, weightHh, inputBias: null, hiddenBias: null, steps: 5, batch: 2, hidden: 4, reverse: false })
 */
export function lstmForwardFrom(
  gemm: MatmulKernels['gemm'],
  cell: RecurrentKernels['lstmCell'],
  x: LstmSequenceInputs,
): LstmSequenceOutputs {
  const { xProj, steps, batch, hidden } = x;
  const wide = batch * 4 * hidden;
  const narrow = batch * hidden;
  const out = {
    h: like(xProj, steps * narrow),
    c: like(xProj, steps * narrow),
    gates: like(xProj, steps * wide),
    tanhC: like(xProj, steps * narrow),
  };
  const spec = plainSpec(batch, 4 * hidden, hidden, false, true); // h·W_hhᵀ, W_hh read transposed
  let h = x.h0;
  let c = x.c0;
  for (let i = 0; i < steps; i++) {
    const t = x.reverse ? steps - 1 - i : i;
    const r = cell(
      {
        inputGates: xProj.subarray(t * wide, (t + 1) * wide),
        hiddenGates: gemm(h, x.weightHh, spec) as FloatArray,
        inputBias: x.inputBias,
        hiddenBias: x.hiddenBias,
        batch,
        hidden,
      },
      c,
    );
    out.h.set(r.h, t * narrow);
    out.c.set(r.c, t * narrow);
    out.gates.set(r.gates, t * wide);
    out.tanhC.set(r.tanhC, t * narrow);
    h = r.h;
    c = r.c;
  }
  return out;
}

/**
 * `lstmBackward` as the loop it stands for, over the given kernels: the steps in reverse of the
 * forward order, each as the sum of the gradients reaching its h (output and later step), the
 * `cellBackward` and the d pre·W_hh product by `gemm`. Backends call it where they do not fuse the
 * loop, so that both give the same bits.
 * @example lstmBackwardFrom(jsMatmul.gemm, lstmCellBackward, { gradHs, gradH: null, gradC: null, c0, saved, weightHh, steps: 5, batch: 2, hidden: 4, reverse: false, needH0: false })
 */
export function lstmBackwardFrom(
  gemm: MatmulKernels['gemm'],
  cellBackward: RecurrentKernels['lstmCellBackward'],
  x: LstmSequenceGradInputs,
): LstmSequenceGrads {
  const { steps, batch, hidden, reverse, saved } = x;
  const wide = batch * 4 * hidden;
  const narrow = batch * hidden;
  const stepAt = (i: number) => (reverse ? steps - 1 - i : i);
  const slot = (a: FloatArray, t: number, size: number) => a.subarray(t * size, (t + 1) * size);
  const dPre = like(saved.gates, steps * wide);
  const spec = plainSpec(batch, hidden, 4 * hidden, false, false); // d pre·W_hh
  let dh = x.gradH;
  let dc = x.gradC;
  for (let i = steps - 1; i >= 0; i--) {
    const t = stepAt(i);
    const fromOutput = x.gradHs === null ? null : slot(x.gradHs, t, narrow);
    // float32 arrays round the float64 sum once: the elementwise `add` kernel's bits
    const gh =
      fromOutput === null ? dh : dh === null ? fromOutput : fromOutput.map((v, e) => v + (dh as FloatArray)[e]!);
    const cIn = i === 0 ? x.c0 : slot(saved.c, stepAt(i - 1), narrow);
    const d = cellBackward(
      gh,
      dc,
      cIn,
      {
        h: slot(saved.h, t, narrow),
        c: slot(saved.c, t, narrow),
        gates: slot(saved.gates, t, wide),
        tanhC: slot(saved.tanhC, t, narrow),
      },
      batch,
      hidden,
    );
    dPre.set(d.gates, t * wide);
    dc = d.c;
    dh = i > 0 || x.needH0 ? (gemm(d.gates, x.weightHh, spec) as FloatArray) : null;
  }
  return { gates: dPre, h: dh, c: dc as FloatArray };
}

/** The JS reference implementation of the recurrent-cell kernels. */
export const jsRecurrent: RecurrentKernels = {
  lstmCell,
  lstmCellBackward,
  lstmForward: (x) => lstmForwardFrom(jsMatmul.gemm, lstmCell, x),
  lstmBackward: (x) => lstmBackwardFrom(jsMatmul.gemm, lstmCellBackward, x),
  gruCell,
  gruCellBackward,
};
