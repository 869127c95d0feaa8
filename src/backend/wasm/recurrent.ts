/**
 * The WASM backend's recurrent-cell kernels: the JS side of assembly/recurrent.ts. The LSTM
 * step's forward pass (four gate activations and tanh of the new cell state per unit, the bulk of
 * an LSTM's time in the JS kernel) runs four units at a time with a float32 exp polynomial; it
 * agrees with the JS reference to a few float32 ulps (test/backend/wasm/recurrent.test.ts), not bit
 * for bit. Float64 arrays, and widths that are not a multiple of 4, use the reference; so do the
 * backward passes (plain products, no transcendental functions) and the GRU.
 */
import type { FloatArray } from '../../dtype.js';
import { jsRecurrent } from '../js/recurrent.js';
import type { CellGates, LstmCellOutputs, RecurrentKernels } from '../kernels/recurrent.js';
import type { WasmRuntime } from './module.js';

/**
 * The LSTM cell's forward kernel over `rt`'s memory, the JS reference for the rest.
 * @example createRecurrent(runtime).lstmCell(cell, c) // { h, c, gates, tanhC }, as jsRecurrent.lstmCell
 */
export function createRecurrent(rt: WasmRuntime): Pick<RecurrentKernels, 'lstmCell'> {
  return {
    lstmCell(cell: CellGates, c: FloatArray): LstmCellOutputs {
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
      // b_ih + b_hh, one float32 per column (absent biases are zeros)
      for (let j = 0; j < 4 * hidden; j++) {
        f32[(biasAt >> 2) + j] = (inputBias?.[j] ?? 0) + (hiddenBias?.[j] ?? 0);
      }
      rt.exports.lstmCell(xAt, hAt, biasAt, cAt, gatesAt, cOutAt, tanhAt, hOutAt, batch, hidden);
      const out = (offset: number, n: number) => f32.slice(offset >> 2, (offset >> 2) + n);
      return { h: out(hOutAt, narrow), c: out(cOutAt, narrow), gates: out(gatesAt, wide), tanhC: out(tanhAt, narrow) };
    },
  };
}
