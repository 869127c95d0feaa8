/**
 * The WASM backend's recurrent-cell kernels: the JS side of assembly/recurrent.ts. The LSTM
 * step's forward pass (four gate activations and tanh of the new cell state per unit, the bulk of
 * an LSTM's time in the JS kernel) runs four units at a time with a float32 exp polynomial; it
 * agrees with the JS reference to a few float32 ulps (test/backend/wasm/recurrent.test.ts), not bit
 * for bit. `lstmForward` runs a whole direction (each step's h·W_hhᵀ product and cell) in one
 * call, the same bits as the loop over this backend's gemm and lstmCell; `lstmBackward` its
 * backward (cell backward in float64 as the reference, then d pre·W_hh per step), the same bits as
 * the reference's loop. Float64 arrays, and forward widths that are not a multiple of 4, use the
 * reference; so do the single-step backward and the GRU.
 */
import type { FloatArray } from '../../dtype.js';
import { jsRecurrent, lstmBackwardFrom, lstmForwardFrom } from '../js/recurrent.js';
import type { MatmulKernels } from '../kernels/matmul.js';
import type {
  CellGates,
  LstmCellOutputs,
  LstmSequenceGradInputs,
  LstmSequenceGrads,
  LstmSequenceInputs,
  LstmSequenceOutputs,
  RecurrentKernels,
} from '../kernels/recurrent.js';
import { slotBytes } from './gemm-direct.js';
import type { WasmRuntime } from './module.js';

/**
 * The LSTM cell's forward kernel and a whole direction's forward and backward over `rt`'s memory
 * (`gemm`: this backend's, for the loops where they fall back); the JS reference for the rest.
 * @example createRecurrent(runtime, matmul.gemm).lstmCell(cell, c) // { h, c, gates, tanhC }, as jsRecurrent.lstmCell
 */
export function createRecurrent(
  rt: WasmRuntime,
  gemm: MatmulKernels['gemm'],
): Pick<RecurrentKernels, 'lstmCell' | 'lstmForward' | 'lstmBackward'> {
  const lstmCell = (cell: CellGates, c: FloatArray): LstmCellOutputs => {
    const { inputGates, hiddenGates, inputBias, hiddenBias, batch, hidden } = cell;
    const wide = batch * 4 * hidden;
    const narrow = batch * hidden;
    const f32Inputs = inputGates instanceof Float32Array && hiddenGates instanceof Float32Array;
    const fits = f32Inputs && c instanceof Float32Array && hidden % 4 === 0;
    // inputs x, h, bias, c; then the outputs gates, c′, tanh(c′), h′
    const at = fits
      ? rt.operands([wide, wide, 4 * hidden, narrow, wide, narrow, narrow, narrow].map((n) => n * 4))
      : null;
    if (at === null) return jsRecurrent.lstmCell(cell, c);
    const [xAt, hAt, biasAt, cAt, gatesAt, cOutAt, tanhAt, hOutAt] = at as [
      number,
      number,
      number,
      number,
      number,
      number,
      number,
      number,
    ];
    const { f32 } = rt;
    f32.set(inputGates, xAt >> 2);
    f32.set(hiddenGates, hAt >> 2);
    f32.set(c, cAt >> 2);
    writeBias(f32, biasAt, inputBias, hiddenBias, 4 * hidden);
    rt.exports.lstmCell(xAt, hAt, biasAt, cAt, gatesAt, cOutAt, tanhAt, hOutAt, batch, hidden);
    const out = (offset: number, n: number) => f32.slice(offset >> 2, (offset >> 2) + n);
    return { h: out(hOutAt, narrow), c: out(cOutAt, narrow), gates: out(gatesAt, wide), tanhC: out(tanhAt, narrow) };
  };
  return {
    lstmCell,
    // All steps in one call where the cell runs in WASM (float32, H a multiple of 4): the inputs in
    // once, every step's results out once, instead of the products' and cells' copies per step.
    lstmForward(x: LstmSequenceInputs): LstmSequenceOutputs {
      const f32Inputs = [x.xProj, x.h0, x.c0, x.weightHh].every((a) => a instanceof Float32Array);
      const fused = f32Inputs && x.hidden % 4 === 0 ? sequenceForward(rt, x) : null;
      return fused ?? lstmForwardFrom(gemm, lstmCell, x);
    },
    // All steps' backward in one call (float32): the saved results in once, d pre out once,
    // instead of a cell, a sum and a product with their copies per step.
    lstmBackward(x: LstmSequenceGradInputs): LstmSequenceGrads {
      const arrays = [x.c0, x.weightHh, x.saved.c, x.saved.gates, x.saved.tanhC, x.gradHs, x.gradH, x.gradC];
      const f32Inputs = arrays.every((a) => a === null || a instanceof Float32Array);
      const fused = f32Inputs ? sequenceBackward(rt, x) : null;
      return fused ?? lstmBackwardFrom(gemm, jsRecurrent.lstmCellBackward, x);
    },
  };
}

/** `lstmBackward` as one call of the module's `lstmSequenceBackward`, or null when the memory cannot grow that far. */
function sequenceBackward(rt: WasmRuntime, x: LstmSequenceGradInputs): LstmSequenceGrads | null {
  const { steps, batch, hidden, saved } = x;
  const wide = batch * 4 * hidden;
  const narrow = batch * hidden;
  const { tileM, tileN, kc } = rt.tiling;
  // inputs gHs (if any), W_hh, c0, cs, gates, tanhC; dPre; dh, dc, gh; then the GEMM's scratch (depth 4H)
  const floats = [x.gradHs === null ? 0 : steps * narrow, 4 * hidden * hidden, narrow, steps * narrow, steps * wide];
  floats.push(steps * narrow, steps * wide, narrow, narrow, narrow);
  const at = rt.operands([...floats.map((n) => n * 4), slotBytes(rt, 4 * hidden)]);
  if (at === null) return null;
  const [gHsAt, wAt, c0At, csAt, gatesAt, tanhAt, dPreAt, dhAt, dcAt, ghAt, scratchAt] = at as number[] as Eleven;
  const { f32 } = rt;
  if (x.gradHs !== null) f32.set(x.gradHs, gHsAt >> 2);
  f32.set(x.weightHh, wAt >> 2);
  f32.set(x.c0, c0At >> 2);
  f32.set(saved.c, csAt >> 2);
  f32.set(saved.gates, gatesAt >> 2);
  f32.set(saved.tanhC, tanhAt >> 2);
  if (x.gradH !== null) f32.set(x.gradH, dhAt >> 2);
  if (x.gradC !== null) f32.set(x.gradC, dcAt >> 2);
  // biome-ignore format: the operands in the order of assembly/recurrent.ts
  const hasH0 = rt.exports.lstmSequenceBackward(x.gradHs === null ? 0 : gHsAt, steps, batch, hidden, wAt, c0At, csAt,
    gatesAt, tanhAt, dPreAt, dhAt, x.gradH !== null, dcAt, x.gradC !== null, ghAt, x.reverse, x.needH0, tileM, tileN,
    kc, scratchAt);
  const out = (offset: number, n: number) => f32.slice(offset >> 2, (offset >> 2) + n);
  return { gates: out(dPreAt, steps * wide), h: hasH0 === 1 ? out(dhAt, narrow) : null, c: out(dcAt, narrow) };
}

/** `lstmForward` as one call of the module's `lstmSequence`, or null when the memory cannot grow that far. */
function sequenceForward(rt: WasmRuntime, x: LstmSequenceInputs): LstmSequenceOutputs | null {
  const { steps, batch, hidden } = x;
  const wide = batch * 4 * hidden;
  const narrow = batch * hidden;
  const { tileM, tileN, kc } = rt.tiling;
  // inputs xProj, W_hh, bias, h0, c0; outputs hs, cs, gates, tanhC; then hg (float32 counts); then the GEMM's scratch
  const floats = [steps * wide, 4 * hidden * hidden, 4 * hidden, narrow, narrow, steps * narrow, steps * narrow];
  floats.push(steps * wide, steps * narrow, wide);
  const at = rt.operands([...floats.map((n) => n * 4), slotBytes(rt, hidden)]);
  if (at === null) return null;
  const [xAt, wAt, biasAt, h0At, c0At, hsAt, csAt, gatesAt, tanhAt, hgAt, scratchAt] = at as number[] as Eleven;
  const { f32 } = rt;
  f32.set(x.xProj, xAt >> 2);
  f32.set(x.weightHh, wAt >> 2);
  f32.set(x.h0, h0At >> 2);
  f32.set(x.c0, c0At >> 2);
  writeBias(f32, biasAt, x.inputBias, x.hiddenBias, 4 * hidden);
  // biome-ignore format: the operands in the order of assembly/recurrent.ts
  rt.exports.lstmSequence(xAt, steps, batch, hidden, wAt, biasAt, h0At, c0At, hsAt, csAt, gatesAt, tanhAt, hgAt,
    x.reverse, tileM, tileN, kc, scratchAt);
  const out = (offset: number, n: number) => f32.slice(offset >> 2, (offset >> 2) + n);
  return {
    h: out(hsAt, steps * narrow),
    c: out(csAt, steps * narrow),
    gates: out(gatesAt, steps * wide),
    tanhC: out(tanhAt, steps * narrow),
  };
}

type Eleven = [number, number, number, number, number, number, number, number, number, number, number];

/** b_ih + b_hh into the module's memory at byte offset `at`, one float32 per column (an absent bias is zeros). */
function writeBias(f32: Float32Array, at: number, ib: FloatArray | null, hb: FloatArray | null, n: number): void {
  for (let j = 0; j < n; j++) f32[(at >> 2) + j] = (ib?.[j] ?? 0) + (hb?.[j] ?? 0);
}
