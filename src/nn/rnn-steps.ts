/**
 * One time step of each recurrent network, as a plain function: `rnnStep`, `lstmStep`, `gruStep`.
 * The layers' loop over time (recurrent.ts) and the single-step modules (rnn-cells.ts) share them,
 * so the recurrence is written once.
 *
 * Each step receives the input's share of the pre-activations already computed,
 * `xProj = x·W_ihᵀ + b_ih` ([N, G·H], G = 1, 4 or 3 gates), and adds the hidden state's share
 * `h·W_hhᵀ + b_hh`: the input share does not depend on the previous step, so a layer computes it
 * for every step before its loop, and each step only multiplies h by W_hh. Given `w.biasIh`, xProj
 * is x·W_ihᵀ alone and the step adds b_ih: the LSTM and GRU steps add both biases inside their
 * fused cell, so no pass over the whole projection, or over each product, only adds a bias.
 */
import { add, fusedGruCell, fusedLstmCell, linear, relu, tanh } from '../ops/index.js';
import type { Tensor } from '../tensor.js';

/** The nonlinearity of a plain (Elman) RNN. */
export type RNNNonlinearity = 'tanh' | 'relu';

/** An LSTM's state: the hidden state `h` (also its output) and the cell state `c`, both [N, H]. */
export interface LSTMState {
  h: Tensor;
  c: Tensor;
}

/**
 * The weights a step reads: `weightHh` [G·H, H] and `biasHh` [G·H] (or null); and `biasIh` [G·H]
 * when xProj does not include b_ih yet (absent or null: it does).
 */
export interface HiddenWeights {
  weightHh: Tensor;
  biasHh: Tensor | null;
  biasIh?: Tensor | null;
}

/** h·W_hhᵀ + b_hh: the hidden state's share of the pre-activations, [N, G·H]. */
function hiddenProjection(h: Tensor, w: HiddenWeights): Tensor {
  return linear(h, w.weightHh, w.biasHh ?? undefined);
}

/**
 * One step of an Elman RNN, as `torch.nn.RNNCell`: h′ = act(x·W_ihᵀ + b_ih + h·W_hhᵀ + b_hh)
 * with act = tanh (default) or relu (Elman, 1990).
 *
 * Shapes: xProj [N, H] (x·W_ihᵀ + b_ih), h [N, H], weightHh [H, H], biasHh and biasIh [H] → h′ [N, H].
 * @example
 * import { linear, rnnStep, randn, zeros } from 'neurite';
 * const [wIh, wHh] = [randn([4, 3]), randn([4, 4])];
 * const h = rnnStep(linear(randn([2, 3]), wIh), zeros([2, 4]), { weightHh: wHh, biasHh: null }); // [2, 4]
 */
export function rnnStep(xProj: Tensor, h: Tensor, w: HiddenWeights, nonlinearity: RNNNonlinearity = 'tanh'): Tensor {
  const x = w.biasIh ? add(xProj, w.biasIh) : xProj;
  const pre = add(x, hiddenProjection(h, w));
  return nonlinearity === 'relu' ? relu(pre) : tanh(pre);
}

/**
 * One step of an LSTM (Hochreiter & Schmidhuber, 1997, with the forget gate of Gers et al., 2000),
 * as `torch.nn.LSTMCell`. The pre-activations x·W_ihᵀ + b_ih + h·W_hhᵀ + b_hh hold four gates in
 * PyTorch's order i, f, g, o:
 *
 *   i = σ(·ᵢ), f = σ(·_f), g = tanh(·_g), o = σ(·ₒ)
 *   c′ = f ⊙ c + i ⊙ g          (forget some of the memory, write some new)
 *   h′ = o ⊙ tanh(c′)           (read some of it out)
 *
 * Shapes: xProj [N, 4H], h and c [N, H], weightHh [4H, H], biasHh and biasIh [4H] → { h′, c′ } [N, H].
 * @example
 * import { linear, lstmStep, randn, zeros } from 'neurite';
 * const xProj = linear(randn([2, 3]), randn([16, 3]));       // 4 gates of H = 4
 * const { h, c } = lstmStep(xProj, { h: zeros([2, 4]), c: zeros([2, 4]) }, { weightHh: randn([16, 4]), biasHh: null });
 */
export function lstmStep(xProj: Tensor, state: LSTMState, w: HiddenWeights): LSTMState {
  // The gates and the state update are one fused op (see `fusedLstmCell`) rather than the dozen
  // small ops the formulas above would take: σ, tanh, ⊙ and + on [N, H] pieces. It adds the biases.
  return fusedLstmCell(xProj, linear(state.h, w.weightHh), state.c, w.biasIh ?? undefined, w.biasHh ?? undefined);
}

/**
 * One step of a GRU (Cho et al., 2014), as `torch.nn.GRUCell`. Gates in PyTorch's order r, z, n:
 *
 *   r = σ(W_ir x + b_ir + W_hr h + b_hr)           (reset: how much of h the candidate sees)
 *   z = σ(W_iz x + b_iz + W_hz h + b_hz)           (update: how much of h is kept)
 *   n = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn))  (the candidate state)
 *   h′ = (1 − z) ⊙ n + z ⊙ h, computed as n + z ⊙ (h − n), as PyTorch does
 *
 * Shapes: xProj [N, 3H], h [N, H], weightHh [3H, H], biasHh and biasIh [3H] → h′ [N, H].
 * @example
 * import { gruStep, linear, randn, zeros } from 'neurite';
 * const xProj = linear(randn([2, 3]), randn([12, 3]));       // 3 gates of H = 4
 * const h = gruStep(xProj, zeros([2, 4]), { weightHh: randn([12, 4]), biasHh: null }); // [2, 4]
 */
export function gruStep(xProj: Tensor, h: Tensor, w: HiddenWeights): Tensor {
  // The formulas above as one op, the biases included (b_hn must sit inside r ⊙ (W_hn h + b_hn)).
  return fusedGruCell(xProj, linear(h, w.weightHh), h, w.biasIh ?? undefined, w.biasHh ?? undefined);
}
