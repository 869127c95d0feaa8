/**
 * Recurrent-cell kernels: the elementwise part of one LSTM or GRU step in one pass over the batch,
 * after the two matrix products (the input's and the hidden state's share of the gates) are done.
 * Contract:
 * - gate blocks are laid out as PyTorch's: each row of [N, G·H] holds G blocks of H values,
 *   in the order i, f, g, o (LSTM) or r, z, n (GRU);
 * - all arrays have one float type; outputs and gradients are new arrays of that type;
 * - σ and tanh are computed as the `sigmoid` and `tanh` activation kernels compute them.
 */
import type { FloatArray } from '../../dtype.js';

/** An LSTM step's results, and what its backward reads. */
export interface LstmCellOutputs {
  /** h′ = o ⊙ tanh(c′), [N, H]. */
  h: FloatArray;
  /** c′ = f ⊙ c + i ⊙ g, [N, H]. */
  c: FloatArray;
  /** The activated gates i, f, g, o, [N, 4H] (saved for backward). */
  gates: FloatArray;
  /** tanh(c′), [N, H] (saved for backward). */
  tanhC: FloatArray;
}

/** The gradients of an LSTM step's inputs. */
export interface LstmCellGrads {
  /** d pre-activations [N, 4H]: the gradient of both the input and the hidden gates. */
  gates: FloatArray;
  /** d c [N, H]. */
  c: FloatArray;
}

/** A GRU step's result, and what its backward reads. */
export interface GruCellOutputs {
  /** h′ = n + z ⊙ (h − n), [N, H]. */
  h: FloatArray;
  /** The activated gates r, z, n, [N, 3H] (saved for backward). */
  gates: FloatArray;
}

/** The gradients of a GRU step's inputs. */
export interface GruCellGrads {
  /** d input gates [N, 3H]. */
  inputGates: FloatArray;
  /** d hidden gates [N, 3H] (differs from the input's in the n block: r ⊙ d pre_n). */
  hiddenGates: FloatArray;
  /** d h [N, H]. */
  h: FloatArray;
}

export interface RecurrentKernels {
  /**
   * One LSTM step from its pre-activations pre = inputGates + hiddenGates ([N, 4H] each):
   * i = σ(preᵢ), f = σ(pre_f), g = tanh(pre_g), o = σ(preₒ); c′ = f ⊙ c + i ⊙ g; h′ = o ⊙ tanh(c′).
   */
  lstmCell(
    inputGates: FloatArray,
    hiddenGates: FloatArray,
    c: FloatArray,
    batch: number,
    hidden: number,
  ): LstmCellOutputs;
  /**
   * The LSTM step's backward from dh′ and dc′ (null: zeros), the input c and the saved gates and
   * tanh(c′): dc′_total = dc′ + dh′ ⊙ o ⊙ (1 − tanh²c′); d preₒ = dh′ ⊙ tanh c′ ⊙ o(1 − o);
   * d preᵢ = dc′_total ⊙ g ⊙ i(1 − i); d pre_f = dc′_total ⊙ c ⊙ f(1 − f);
   * d pre_g = dc′_total ⊙ i ⊙ (1 − g²); dc = dc′_total ⊙ f.
   */
  lstmCellBackward(
    gradH: FloatArray | null,
    gradC: FloatArray | null,
    c: FloatArray,
    gates: FloatArray,
    tanhC: FloatArray,
    batch: number,
    hidden: number,
  ): LstmCellGrads;
  /**
   * One GRU step from the input gates x·W_ihᵀ + b_ih and the hidden gates h·W_hhᵀ + b_hh ([N, 3H]
   * each): r = σ(xᵣ + hᵣ), z = σ(x_z + h_z), n = tanh(xₙ + r ⊙ hₙ), h′ = n + z ⊙ (h − n).
   */
  gruCell(
    inputGates: FloatArray,
    hiddenGates: FloatArray,
    h: FloatArray,
    batch: number,
    hidden: number,
  ): GruCellOutputs;
  /**
   * The GRU step's backward from dh′, the hidden gates, h and the saved gates:
   * d preₙ = dh′ ⊙ (1 − z) ⊙ (1 − n²); d pre_z = dh′ ⊙ (h − n) ⊙ z(1 − z);
   * d preᵣ = d preₙ ⊙ hₙ ⊙ r(1 − r); the input gates get (d preᵣ, d pre_z, d preₙ), the hidden gates
   * (d preᵣ, d pre_z, d preₙ ⊙ r), and dh = dh′ ⊙ z.
   */
  gruCellBackward(
    gradH: FloatArray,
    hiddenGates: FloatArray,
    h: FloatArray,
    gates: FloatArray,
    batch: number,
    hidden: number,
  ): GruCellGrads;
}
