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

/**
 * The two shares of one step's gate pre-activations, each [N, G·H], and their biases, each [G·H]
 * or null (as PyTorch's fused cells take them: the input share x·W_ihᵀ, the hidden share h·W_hhᵀ).
 */
export interface CellGates {
  inputGates: FloatArray;
  hiddenGates: FloatArray;
  inputBias: FloatArray | null;
  hiddenBias: FloatArray | null;
  /** N, the batch rows. */
  batch: number;
  /** H, the units per gate. */
  hidden: number;
}

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
  /** d pre-activations [N, 4H]: the gradient of both gate shares (and, summed over rows, both biases). */
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

/** The gradients of a GRU step's inputs (the biases' are their gate shares' sums over rows). */
export interface GruCellGrads {
  /** d input gates [N, 3H]. */
  inputGates: FloatArray;
  /** d hidden gates [N, 3H] (differs from the input's in the n block: r ⊙ d preₙ). */
  hiddenGates: FloatArray;
  /** d h [N, H]. */
  h: FloatArray;
}

/** What `lstmForward` reads: one LSTM direction's inputs over T steps. */
export interface LstmSequenceInputs {
  /** x·W_ihᵀ for every step, [T, N, 4H]. */
  xProj: FloatArray;
  h0: FloatArray;
  c0: FloatArray;
  /** W_hh, [4H, H]. */
  weightHh: FloatArray;
  inputBias: FloatArray | null;
  hiddenBias: FloatArray | null;
  steps: number;
  batch: number;
  hidden: number;
  /** Run the steps from T−1 down to 0. */
  reverse: boolean;
}

/** Every step's `lstmCell` results, step t in slot t: h, c and tanh(c′) [T, N, H], gates [T, N, 4H]. */
export type LstmSequenceOutputs = LstmCellOutputs;

/** What `lstmBackward` reads: the gradients reaching one LSTM direction, and its forward's results. */
export interface LstmSequenceGradInputs {
  /** The gradient of every step's h, [T, N, H]; null when the steps' outputs were not used. */
  gradHs: FloatArray | null;
  /** The gradients of the last step's h and c, [N, H]; null when not used. */
  gradH: FloatArray | null;
  gradC: FloatArray | null;
  /** The state c before the first step, [N, H]. */
  c0: FloatArray;
  /** `lstmForward`'s results for these inputs. */
  saved: LstmSequenceOutputs;
  /** W_hh, [4H, H]. */
  weightHh: FloatArray;
  steps: number;
  batch: number;
  hidden: number;
  /** The steps ran from T−1 down to 0. */
  reverse: boolean;
  /** Whether h0's gradient is wanted (else the first step's d pre·W_hh is skipped). */
  needH0: boolean;
}

/** The gradients `lstmBackward` finds. */
export interface LstmSequenceGrads {
  /** d pre-activations of every step, [T, N, 4H] (x·W_ihᵀ's gradient; summed over rows, the biases'). */
  gates: FloatArray;
  /** h0's gradient [N, H], or null when not wanted or nothing reached it. */
  h: FloatArray | null;
  /** c0's gradient [N, H]. */
  c: FloatArray;
}

export interface RecurrentKernels {
  /**
   * All steps of one LSTM direction: per step (in `reverse` order if set) hiddenGates = h·W_hhᵀ by
   * this backend's `gemm`, then `lstmCell` with xProj's step; the same bits as that loop.
   */
  lstmForward(inputs: LstmSequenceInputs): LstmSequenceOutputs;
  /**
   * The backward pass of `lstmForward`'s steps, in reverse of their order: per step, dh′ = the
   * step's output gradient + the dh carried from the later step (by this backend's `add`'s
   * float32 rounding), `lstmCellBackward` with the carried dc, then dh = d pre·W_hh by this
   * backend's `gemm`; the same bits as that loop.
   */
  lstmBackward(inputs: LstmSequenceGradInputs): LstmSequenceGrads;
  /**
   * One LSTM step from pre = inputGates + inputBias + hiddenGates + hiddenBias ([N, 4H]):
   * i = σ(preᵢ), f = σ(pre_f), g = tanh(pre_g), o = σ(preₒ); c′ = f ⊙ c + i ⊙ g; h′ = o ⊙ tanh(c′).
   */
  lstmCell(cell: CellGates, c: FloatArray): LstmCellOutputs;
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
    saved: LstmCellOutputs,
    batch: number,
    hidden: number,
  ): LstmCellGrads;
  /**
   * One GRU step, the hidden bias inside the reset gate's product as in `torch.nn.GRUCell`
   * (x = inputGates + inputBias, h = hiddenGates + hiddenBias, per gate block):
   * r = σ(xᵣ + hᵣ), z = σ(x_z + h_z), n = tanh(xₙ + r ⊙ hₙ), h′ = n + z ⊙ (h − n).
   */
  gruCell(cell: CellGates, h: FloatArray): GruCellOutputs;
  /**
   * The GRU step's backward from dh′, the step's inputs and the saved gates:
   * d preₙ = dh′ ⊙ (1 − z) ⊙ (1 − n²); d pre_z = dh′ ⊙ (h − n) ⊙ z(1 − z);
   * d preᵣ = d preₙ ⊙ hₙ ⊙ r(1 − r); the input gates get (d preᵣ, d pre_z, d preₙ), the hidden gates
   * (d preᵣ, d pre_z, d preₙ ⊙ r), and dh = dh′ ⊙ z.
   */
  gruCellBackward(gradH: FloatArray, cell: CellGates, h: FloatArray, gates: FloatArray): GruCellGrads;
}
