/**
 * Fused recurrent cells: the elementwise part of one LSTM or GRU step (gates, state update) as one
 * primitive with its backward in one kernel pass, as PyTorch's `_thnn_fused_lstm_cell` and
 * `_thnn_fused_gru_cell`. The two matrix products that feed them, x·W_ihᵀ + b_ih and
 * h·W_hhᵀ + b_hh, stay `linear`s; nn/rnn-steps.ts joins the two.
 */
import { kernels } from '../backend/backend.js';
import { type FloatArray, promoteTypes } from '../dtype.js';
import { fmtShape, ShapeError } from '../errors.js';
import { Tensor } from '../tensor.js';
import { defineMultiOp, defineOp, expectFloat } from './define.js';
import { to } from './elementwise.js';

/** What the LSTM cell's backward reads besides its inputs. */
interface LstmSaved {
  gates: FloatArray;
  tanhC: FloatArray;
}

const lstmCellOp = defineMultiOp<[Tensor, Tensor, Tensor], undefined, LstmSaved>({
  name: 'fusedLstmCell',
  forward: (k, [xg, hg, c]) => {
    const [batch, hidden] = c.shape as [number, number];
    const r = k.lstmCell(xg.data as FloatArray, hg.data as FloatArray, c.data as FloatArray, batch, hidden);
    return {
      outputs: [
        { data: r.h, shape: c.shape },
        { data: r.c, shape: c.shape },
      ],
      saved: { gates: r.gates, tanhC: r.tanhC },
    };
  },
  backward: ([gh, gc], { inputs: [xg, hg, c], saved }) => {
    const [batch, hidden] = c.shape as [number, number];
    const d = kernels().lstmCellBackward(
      (gh?.data ?? null) as FloatArray | null,
      (gc?.data ?? null) as FloatArray | null,
      c.data as FloatArray,
      saved.gates,
      saved.tanhC,
      batch,
      hidden,
    );
    // pre = inputGates + hiddenGates: both receive d pre.
    const dGates = xg.requiresGrad || hg.requiresGrad ? new Tensor(d.gates, xg.shape) : null;
    return [dGates, dGates, c.requiresGrad ? new Tensor(d.c, c.shape) : null];
  },
});

const gruCellOp = defineOp<[Tensor, Tensor, Tensor], undefined, FloatArray>({
  name: 'fusedGruCell',
  forward: (k, [xg, hg, h]) => {
    const [batch, hidden] = h.shape as [number, number];
    const r = k.gruCell(xg.data as FloatArray, hg.data as FloatArray, h.data as FloatArray, batch, hidden);
    return { data: r.h, shape: h.shape, saved: r.gates };
  },
  backward: (g, { inputs: [xg, hg, h], saved: gates }) => {
    const [batch, hidden] = h.shape as [number, number];
    const d = kernels().gruCellBackward(
      g.data as FloatArray,
      hg.data as FloatArray,
      h.data as FloatArray,
      gates,
      batch,
      hidden,
    );
    return [new Tensor(d.inputGates, xg.shape), new Tensor(d.hiddenGates, hg.shape), new Tensor(d.h, h.shape)];
  },
});

/** Check [N, G·H], [N, G·H], [N, H] and bring the three to one float dtype. */
function cellInputs(op: string, gates: number, xg: Tensor, hg: Tensor, state: Tensor): [Tensor, Tensor, Tensor] {
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
  const dtype = promoteTypes(promoteTypes(xg.dtype, hg.dtype), state.dtype);
  return [to(xg, dtype), to(hg, dtype), to(state, dtype)];
}

/**
 * One LSTM step from its two shares of the pre-activations, as PyTorch's `_thnn_fused_lstm_cell`
 * (Hochreiter & Schmidhuber, 1997; forget gate: Gers et al., 2000). With pre = inputGates +
 * hiddenGates, in PyTorch's gate order i, f, g, o:
 *
 *   i = σ(preᵢ), f = σ(pre_f), g = tanh(pre_g), o = σ(preₒ);  c′ = f ⊙ c + i ⊙ g;  h′ = o ⊙ tanh(c′)
 *
 * One primitive with two outputs: the forward computes gates and states in one pass and keeps
 * the gates and tanh(c′); the backward computes d pre and dc in one pass from dh′ and dc′.
 *
 * Shapes: inputGates (x·W_ihᵀ + b_ih) and hiddenGates (h·W_hhᵀ + b_hh) [N, 4H], c [N, H] →
 * { h′, c′ } [N, H] each.
 * @throws ShapeError `fusedLstmCell: inputGates [2, 12] and hiddenGates [2, 16] must be [2, 16] for c [2, 4] …`
 * @example
 * import { fusedLstmCell, linear, randn, zeros } from 'neurite';
 * const x = randn([2, 3]);
 * const h = zeros([2, 4]);
 * const next = fusedLstmCell(linear(x, randn([16, 3])), linear(h, randn([16, 4])), zeros([2, 4]));
 * next.h.shape; // [2, 4]
 */
export function fusedLstmCell(inputGates: Tensor, hiddenGates: Tensor, c: Tensor): { h: Tensor; c: Tensor } {
  const [h2, c2] = lstmCellOp(cellInputs('fusedLstmCell', 4, inputGates, hiddenGates, c), undefined) as [
    Tensor,
    Tensor,
  ];
  return { h: h2, c: c2 };
}

/**
 * One GRU step from its input and hidden gates, as PyTorch's `_thnn_fused_gru_cell` (Cho et al.,
 * 2014). Gates in PyTorch's order r, z, n; the hidden gates keep their bias inside the reset gate's
 * product, as `torch.nn.GRUCell`:
 *
 *   r = σ(xᵣ + hᵣ), z = σ(x_z + h_z), n = tanh(xₙ + r ⊙ hₙ);  h′ = n + z ⊙ (h − n)
 *
 * Shapes: inputGates (x·W_ihᵀ + b_ih) and hiddenGates (h·W_hhᵀ + b_hh) [N, 3H], h [N, H] → h′ [N, H].
 * @throws ShapeError when the gates are not [N, 3H] for h [N, H].
 * @example
 * import { fusedGruCell, linear, randn } from 'neurite';
 * const h = randn([2, 4]);
 * const next = fusedGruCell(linear(randn([2, 3]), randn([12, 3])), linear(h, randn([12, 4])), h); // [2, 4]
 */
export function fusedGruCell(inputGates: Tensor, hiddenGates: Tensor, h: Tensor): Tensor {
  return gruCellOp(cellInputs('fusedGruCell', 3, inputGates, hiddenGates, h), undefined);
}
