/**
 * A whole LSTM direction as one op, `lstmSequence`: the step loop of `fusedLstmCell` (recurrent.ts)
 * and the h·W_hhᵀ products, recorded as one tape node, with a backward that sums W_hh's and the
 * biases' gradients over all steps at once. `LSTM` runs it when every sequence runs to the end.
 */
import { kernels } from '../backend/backend.js';
import { plainSpec } from '../backend/kernels/matmul.js';
import type { LstmSequenceOutputs } from '../backend/kernels/recurrent.js';
import { allocate, type FloatArray } from '../dtype.js';
import { fmtShape, ShapeError } from '../errors.js';
import { shapesEqual } from '../shape.js';
import { Tensor } from '../tensor.js';
import { defineMultiOp } from './define.js';
import { to } from './elementwise.js';
import { type BiasLayout, biasesOf, biasGrads, cellInputs } from './recurrent.js';

/** The parameters of an `lstmSequence` call: the bias inputs after [xProj, h0, c0, W_hh], and the direction. */
interface SequenceLayout extends BiasLayout {
  reverse: boolean;
}

/** An `lstmSequence` call's bias inputs: after [xProj, h0, c0, W_hh], so at the cell's places shifted by one. */
function sequenceBiases(inputs: readonly Tensor[], layout: BiasLayout): [Tensor | null, Tensor | null] {
  return biasesOf(inputs.slice(1), layout);
}

const lstmSequenceOp = defineMultiOp<Tensor[], SequenceLayout, LstmSequenceOutputs>({
  name: 'lstmSequence',
  forward: (k, inputs, layout) => {
    const [xProj, h0, c0, wHh] = inputs as [Tensor, Tensor, Tensor, Tensor];
    const [steps, batch, gates] = xProj.shape as [number, number, number];
    const hidden = gates / 4;
    const [ib, hb] = sequenceBiases(inputs, layout);
    const all = k.lstmForward({
      xProj: xProj.data as FloatArray,
      h0: h0.data as FloatArray,
      c0: c0.data as FloatArray,
      weightHh: wHh.data as FloatArray,
      inputBias: (ib?.data ?? null) as FloatArray | null,
      hiddenBias: (hb?.data ?? null) as FloatArray | null,
      steps,
      batch,
      hidden,
      reverse: layout.reverse,
    });
    const narrow = batch * hidden;
    const slot = (a: FloatArray, t: number) => a.subarray(t * narrow, (t + 1) * narrow);
    const last = layout.reverse ? 0 : steps - 1; // the step that ran last
    return {
      outputs: [
        { data: all.h, shape: [steps, batch, hidden] },
        { data: slot(all.h, last).slice(), shape: h0.shape },
        { data: slot(all.c, last).slice(), shape: c0.shape },
      ],
      saved: all,
    };
  },
  // The steps' backward in reverse order (the backend's lstmBackward), each as the cell's and the
  // h·W_hhᵀ product's backward; W_hh's gradient is then one product over all T·N rows
  // (Σₜ d preₜᵀ·hₜ), and the biases' one sum over them, instead of T products and sums step by step.
  backward: ([gHs, gH, gC], { inputs, params: layout, saved }) => {
    const [xProj, h0, c0, wHh] = inputs as [Tensor, Tensor, Tensor, Tensor];
    const [steps, batch, gates] = xProj.shape as [number, number, number];
    const hidden = gates / 4;
    const k = kernels();
    const {
      gates: dPre,
      h: dh,
      c: dc,
    } = k.lstmBackward({
      gradHs: (gHs?.data ?? null) as FloatArray | null,
      gradH: (gH?.data ?? null) as FloatArray | null,
      gradC: (gC?.data ?? null) as FloatArray | null,
      c0: c0.data as FloatArray,
      saved,
      weightHh: wHh.data as FloatArray,
      steps,
      batch,
      hidden,
      reverse: layout.reverse,
      needH0: h0.requiresGrad,
    });
    const rows = steps * batch;
    let dWeight: Tensor | null = null;
    if (wHh.requiresGrad) {
      // the state h each step started from, side by side [T·N, H], row-aligned with d pre: step t
      // read h0 if it ran first, else the h of the step before it (t − 1, or t + 1 in reverse)
      const narrow = batch * hidden;
      const hIn = allocate(xProj.dtype, rows * hidden) as FloatArray;
      const earlier = layout.reverse ? saved.h.subarray(narrow) : saved.h.subarray(0, (steps - 1) * narrow);
      hIn.set(h0.data as FloatArray, layout.reverse ? (steps - 1) * narrow : 0);
      hIn.set(earlier, layout.reverse ? 0 : narrow);
      dWeight = new Tensor(k.gemm(dPre, hIn, plainSpec(gates, hidden, rows, true, false)), wHh.shape);
    }
    const dPreRows = new Tensor(dPre, [rows, gates]);
    const zeros = () => allocate(xProj.dtype, batch * hidden);
    return [
      xProj.requiresGrad ? new Tensor(dPre, xProj.shape) : null,
      h0.requiresGrad ? new Tensor(dh ?? zeros(), h0.shape) : null,
      c0.requiresGrad ? new Tensor(dc, c0.shape) : null,
      dWeight,
      ...biasGrads(inputs.slice(1), layout, dPreRows, dPreRows), // the cell's layout, see sequenceBiases
    ];
  },
});

/**
 * A whole LSTM direction over T steps as one op: the loop of `h·W_hhᵀ` and `fusedLstmCell` a layer
 * runs, with the same values, but one tape node for all steps. Its backward runs the steps in
 * reverse and then finds W_hh's and the biases' gradients in one product and one sum over all
 * T·N rows, as PyTorch's and cuDNN's whole-sequence RNNs do (the rounding of those sums differs
 * from adding T per-step gradients).
 *
 * Shapes: xProj (x·W_ihᵀ for every step) [T, N, 4H], h0 and c0 [N, H], weightHh [4H, H], optional
 * inputBias and hiddenBias [4H] → { hs [T, N, H] (every step's h), h and c [N, H] (the last step's) }.
 * With `reverse`, the steps run from T−1 down to 0 (a bidirectional layer's second direction).
 * @example
 * import { linear, lstmSequence, randn, zeros } from 'neurite';
 * const xProj = linear(randn([5, 2, 3]), randn([16, 3])); // T = 5, N = 2, H = 4
 * const { hs } = lstmSequence(xProj, zeros([2, 4]), zeros([2, 4]), randn([16, 4])); // hs: [5, 2, 4]
 */
export function lstmSequence(
  xProj: Tensor,
  h0: Tensor,
  c0: Tensor,
  weightHh: Tensor,
  inputBias?: Tensor,
  hiddenBias?: Tensor,
  reverse = false,
): { hs: Tensor; h: Tensor; c: Tensor } {
  const [steps, batch, gates] = xProj.shape as [number, number, number];
  const ok = xProj.ndim === 3 && steps > 0 && weightHh.ndim === 2 && weightHh.shape[0] === gates;
  if (!ok || weightHh.shape[1] !== h0.shape[1] || !shapesEqual(h0.shape, c0.shape)) {
    throw new ShapeError(
      `lstmSequence: xProj must be [T ≥ 1, N, 4H], weightHh [4H, H], h0 and c0 [N, H]; got ${fmtShape(xProj.shape)}, ` +
        `${fmtShape(weightHh.shape)}, ${fmtShape(h0.shape)} and ${fmtShape(c0.shape)}`,
    );
  }
  // the first step's checks (shapes, dtypes) are those of every step
  const first = new Tensor(xProj.data.subarray(0, batch * gates), [batch, gates]);
  const [firstStep] = cellInputs('lstmSequence', 4, [first, first, c0, inputBias, hiddenBias]);
  const dtype = (firstStep[0] as Tensor).dtype;
  const biases = firstStep.slice(3);
  const [hs, h, c] = lstmSequenceOp([to(xProj, dtype), to(h0, dtype), to(c0, dtype), to(weightHh, dtype), ...biases], {
    inputBias: inputBias !== undefined,
    hiddenBias: hiddenBias !== undefined,
    reverse,
  }) as [Tensor, Tensor, Tensor];
  return { hs, h, c };
}
