/**
 * Fused recurrent cells: the elementwise part of one LSTM or GRU step (gates, state update) as one
 * primitive with its backward in one kernel pass, as PyTorch's `_thnn_fused_lstm_cell` and
 * `_thnn_fused_gru_cell`. The two matrix products that feed them, x·W_ihᵀ + b_ih and
 * h·W_hhᵀ + b_hh, stay `linear`s; nn/rnn-steps.ts joins the two.
 */
import { kernels } from '../backend/backend.js';
import type { CellGates, LstmCellOutputs } from '../backend/kernels/recurrent.js';
import { type FloatArray, promoteTypes } from '../dtype.js';
import { fmtShape, ShapeError } from '../errors.js';
import { Tensor } from '../tensor.js';
import { defineMultiOp, defineOp, expectFloat } from './define.js';
import { to } from './elementwise.js';

/** Which optional bias inputs follow [inputGates, hiddenGates, state]: input bias first. */
export interface BiasLayout {
  inputBias: boolean;
  hiddenBias: boolean;
}

/** The bias inputs of a call [inputGates, hiddenGates, state, biases…]: [input bias, hidden bias], null where absent. */
export function biasesOf(inputs: readonly Tensor[], layout: BiasLayout): [Tensor | null, Tensor | null] {
  const ib = layout.inputBias ? (inputs[3] as Tensor) : null;
  const hb = layout.hiddenBias ? (inputs[layout.inputBias ? 4 : 3] as Tensor) : null;
  return [ib, hb];
}

/** The kernels' view of a call's inputs [inputGates, hiddenGates, state, biases…]. */
function cellGates(inputs: readonly Tensor[], layout: BiasLayout): CellGates {
  const [xg, hg, state] = inputs as [Tensor, Tensor, Tensor];
  const [ib, hb] = biasesOf(inputs, layout);
  return {
    inputGates: xg.data as FloatArray,
    hiddenGates: hg.data as FloatArray,
    inputBias: (ib?.data ?? null) as FloatArray | null,
    hiddenBias: (hb?.data ?? null) as FloatArray | null,
    batch: state.shape[0] as number,
    hidden: state.shape[1] as number,
  };
}

/** Each bias's gradient: the sum over rows of its gate share's gradient (once, when they share it). */
export function biasGrads(
  inputs: readonly Tensor[],
  layout: BiasLayout,
  dInput: Tensor,
  dHidden: Tensor,
): Array<Tensor | null> {
  const k = kernels();
  const [ib, hb] = biasesOf(inputs, layout);
  const wantInput = ib?.requiresGrad === true;
  const wantHidden = hb?.requiresGrad === true;
  const sumRows = (d: Tensor) => new Tensor(k.sum(d.data, d.shape, [0]), [d.shape[1] as number]);
  const sumInput = wantInput ? sumRows(dInput) : null;
  const sumHidden = wantHidden ? (dHidden === dInput && sumInput !== null ? sumInput : sumRows(dHidden)) : null;
  const out: Array<Tensor | null> = [];
  if (ib !== null) out.push(sumInput);
  if (hb !== null) out.push(sumHidden);
  return out;
}

const lstmCellOp = defineMultiOp<Tensor[], BiasLayout, LstmCellOutputs>({
  name: 'fusedLstmCell',
  forward: (k, inputs, layout) => {
    const c = inputs[2] as Tensor;
    const r = k.lstmCell(cellGates(inputs, layout), c.data as FloatArray);
    return {
      outputs: [
        { data: r.h, shape: c.shape },
        { data: r.c, shape: c.shape },
      ],
      saved: r,
    };
  },
  backward: ([gh, gc], { inputs, params: layout, saved }) => {
    const [xg, hg, c] = inputs as [Tensor, Tensor, Tensor];
    const [batch, hidden] = c.shape as [number, number];
    const d = kernels().lstmCellBackward(
      (gh?.data ?? null) as FloatArray | null,
      (gc?.data ?? null) as FloatArray | null,
      c.data as FloatArray,
      saved,
      batch,
      hidden,
    );
    // pre = inputGates + hiddenGates (+ biases): every share receives d pre.
    const dGates = new Tensor(d.gates, xg.shape);
    return [
      xg.requiresGrad ? dGates : null,
      hg.requiresGrad ? dGates : null,
      c.requiresGrad ? new Tensor(d.c, c.shape) : null,
      ...biasGrads(inputs, layout, dGates, dGates),
    ];
  },
});

const gruCellOp = defineOp<Tensor[], BiasLayout, FloatArray>({
  name: 'fusedGruCell',
  forward: (k, inputs, layout) => {
    const h = inputs[2] as Tensor;
    const r = k.gruCell(cellGates(inputs, layout), h.data as FloatArray);
    return { data: r.h, shape: h.shape, saved: r.gates };
  },
  backward: (g, { inputs, params: layout, saved: gates }) => {
    const [xg, hg, h] = inputs as [Tensor, Tensor, Tensor];
    const d = kernels().gruCellBackward(g.data as FloatArray, cellGates(inputs, layout), h.data as FloatArray, gates);
    const dInput = new Tensor(d.inputGates, xg.shape);
    const dHidden = new Tensor(d.hiddenGates, hg.shape);
    return [dInput, dHidden, new Tensor(d.h, h.shape), ...biasGrads(inputs, layout, dInput, dHidden)];
  },
});

/** Check the shapes ([N, G·H] twice, [N, H], biases [G·H]) and bring all to one float dtype. */
export function cellInputs(op: string, gates: number, tensors: Array<Tensor | undefined>): [Tensor[], BiasLayout] {
  const [xg, hg, state, ib, hb] = tensors as [Tensor, Tensor, Tensor, Tensor | undefined, Tensor | undefined];
  const [what, names] = gates === 4 ? ['c', 'i, f, g, o'] : ['h', 'r, z, n'];
  expectFloat(op, xg, 'inputGates');
  expectFloat(op, hg, 'hiddenGates');
  expectFloat(op, state, what);
  if (state.ndim !== 2) {
    throw new ShapeError(`${op}: ${what} must be [N, H], got ${fmtShape(state.shape)}`);
  }
  const [n, hidden] = state.shape as [number, number];
  const ok = (t: Tensor) => t.ndim === 2 && t.shape[0] === n && t.shape[1] === gates * hidden;
  if (!ok(xg) || !ok(hg)) {
    throw new ShapeError(
      `${op}: inputGates ${fmtShape(xg.shape)} and hiddenGates ${fmtShape(hg.shape)} must be ` +
        `${fmtShape([n, gates * hidden])} for ${what} ${fmtShape(state.shape)}: the ${gates} gates ${names} ` +
        'of H units each, side by side',
    );
  }
  const biases = [ib, hb].filter((b): b is Tensor => b !== undefined);
  for (const b of biases) {
    expectFloat(op, b, 'bias');
    if (b.ndim !== 1 || b.shape[0] !== gates * hidden) {
      throw new ShapeError(
        `${op}: a bias must be [${gates * hidden}] (${gates}·H) for ${what} ${fmtShape(state.shape)}, got ${fmtShape(b.shape)}`,
      );
    }
  }
  const all = [xg, hg, state, ...biases];
  const dtype = all.map((t) => t.dtype).reduce(promoteTypes);
  return [all.map((t) => to(t, dtype)), { inputBias: ib !== undefined, hiddenBias: hb !== undefined }];
}

/**
 * One LSTM step from its two shares of the pre-activations, as PyTorch's `_thnn_fused_lstm_cell`
 * (Hochreiter & Schmidhuber, 1997; forget gate: Gers et al., 2000). With
 * pre = (inputGates + inputBias) + (hiddenGates + hiddenBias), in PyTorch's gate order i, f, g, o:
 *
 *   i = σ(preᵢ), f = σ(pre_f), g = tanh(pre_g), o = σ(preₒ);  c′ = f ⊙ c + i ⊙ g;  h′ = o ⊙ tanh(c′)
 *
 * One primitive with two outputs: the forward computes gates and states in one pass and keeps
 * the gates and tanh(c′); the backward computes d pre and dc in one pass from dh′ and dc′. Taking
 * the biases here lets the products be plain GEMMs (no pass that adds a bias to their result).
 *
 * Shapes: inputGates (x·W_ihᵀ) and hiddenGates (h·W_hhᵀ) [N, 4H], c [N, H], optional inputBias
 * (b_ih) and hiddenBias (b_hh) [4H] → { h′, c′ } [N, H] each.
 * @throws ShapeError `fusedLstmCell: inputGates [2, 12] and hiddenGates [2, 16] must be [2, 16] for c [2, 4] …`
 * @example
 * import { fusedLstmCell, linear, randn, zeros } from 'neurite';
 * const [x, h, c] = [randn([2, 3]), zeros([2, 4]), zeros([2, 4])];
 * const next = fusedLstmCell(linear(x, randn([16, 3])), linear(h, randn([16, 4])), c, randn([16]), randn([16]));
 * next.h.shape; // [2, 4]
 */
export function fusedLstmCell(
  inputGates: Tensor,
  hiddenGates: Tensor,
  c: Tensor,
  inputBias?: Tensor,
  hiddenBias?: Tensor,
): { h: Tensor; c: Tensor } {
  const [inputs, layout] = cellInputs('fusedLstmCell', 4, [inputGates, hiddenGates, c, inputBias, hiddenBias]);
  const [h2, c2] = lstmCellOp(inputs, layout) as [Tensor, Tensor];
  return { h: h2, c: c2 };
}

/**
 * One GRU step from its input and hidden gates, as PyTorch's `_thnn_fused_gru_cell` (Cho et al.,
 * 2014). Gates in PyTorch's order r, z, n; with x = inputGates + inputBias and
 * h = hiddenGates + hiddenBias, the hidden share (bias included) is inside the reset gate's
 * product, as in `torch.nn.GRUCell`:
 *
 *   r = σ(xᵣ + hᵣ), z = σ(x_z + h_z), n = tanh(xₙ + r ⊙ hₙ);  h′ = n + z ⊙ (h − n)
 *
 * Shapes: inputGates (x·W_ihᵀ) and hiddenGates (h·W_hhᵀ) [N, 3H], h [N, H], optional inputBias
 * (b_ih) and hiddenBias (b_hh) [3H] → h′ [N, H].
 * @throws ShapeError when the gates are not [N, 3H] or a bias not [3H] for h [N, H].
 * @example
 * import { fusedGruCell, linear, randn } from 'neurite';
 * const h = randn([2, 4]);
 * const next = fusedGruCell(linear(randn([2, 3]), randn([12, 3])), linear(h, randn([12, 4])), h); // [2, 4]
 */
export function fusedGruCell(
  inputGates: Tensor,
  hiddenGates: Tensor,
  h: Tensor,
  inputBias?: Tensor,
  hiddenBias?: Tensor,
): Tensor {
  const [inputs, layout] = cellInputs('fusedGruCell', 3, [inputGates, hiddenGates, h, inputBias, hiddenBias]);
  return gruCellOp(inputs, layout);
}
