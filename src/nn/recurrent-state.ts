/**
 * What the recurrent layers (recurrent.ts) and cells (rnn-cells.ts) share besides the step
 * functions: the layers' option, input and output types, hyperparameter checks, PyTorch's initialization, the checks of inputs, initial states
 * and sequence lengths with errors that say how to fix them, and the per-step masks of a
 * variable-length batch.
 */
import { zeros } from '../creation.js';
import type { DType } from '../dtype.js';
import { DTypeError, fmtShape, ShapeError, ValueError } from '../errors.js';
import type { Rng } from '../random.js';
import { Tensor } from '../tensor.js';
import { uniform } from './init.js';
import { Parameter } from './parameter.js';
import type { RNNNonlinearity } from './rnn-steps.js';

/** Sequence lengths of a batch: one positive integer per sequence ([N]). */
export type SequenceLengths = readonly number[] | Int32Array | Tensor;

/** Options of `RNN`, `LSTM` and `GRU`. */
export interface RecurrentOptions {
  /** Stacked layers (default 1): layer l > 0 reads the outputs of layer l − 1. */
  numLayers?: number;
  /** Also run each layer from the last step to the first, and join both outputs (default false). */
  bidirectional?: boolean;
  /** Dropout probability on the outputs of every layer but the last, in training only (default 0). */
  dropout?: number;
  /** Learn the biases b_ih and b_hh (default true). */
  bias?: boolean;
  /** Generator for the initial weights and the dropout masks (default: the global seeded one). */
  rng?: Rng;
  /** dtype of the weights (default 'float32'). */
  dtype?: DType;
}

/** Options of `RNN`. */
export interface RNNOptions extends RecurrentOptions {
  /** 'tanh' (default) or 'relu'. */
  nonlinearity?: RNNNonlinearity;
}

/** The second argument of `forward`: an initial state and the length of each sequence. */
export interface RecurrentInput<S> {
  /** Initial state ([numLayers·D, N, H] each; default zeros), e.g. the final state of a previous call. */
  state?: S;
  /**
   * Length of each sequence of a padded batch ([N], integers 1..T; an array or int32 tensor), as
   * PyTorch's packed sequences: outputs past a sequence's end are zero, its final state is the one
   * at its own last step, and the reverse direction starts from its own last element.
   */
  lengths?: SequenceLengths;
}

/** What `RNN` and `GRU` return: every step's output [N, T, D·H] and the final state [numLayers·D, N, H]. */
export interface RecurrentOutput {
  output: Tensor;
  h: Tensor;
}

/** What `LSTM` returns: `RecurrentOutput` plus the final cell state c [numLayers·D, N, H]. */
export interface LSTMOutput extends RecurrentOutput {
  c: Tensor;
}

/** Throw a ValueError unless `n` is a positive integer (a size given to a constructor). @example checkPositive('LSTM', 'hiddenSize', 0) // throws */
export function checkPositive(kind: string, what: string, n: number): void {
  if (!Number.isInteger(n) || n < 1) throw new ValueError(`${kind}: ${what} must be a positive integer, got ${n}`);
}

/**
 * The nonlinearity of an RNN or RNNCell: 'tanh' (the default) or 'relu'; anything else is a ValueError.
 * @example checkNonlinearity('RNN', undefined) // 'tanh'
 */
export function checkNonlinearity(kind: string, nonlinearity: RNNNonlinearity = 'tanh'): RNNNonlinearity {
  if (nonlinearity !== 'tanh' && nonlinearity !== 'relu') {
    throw new ValueError(`${kind}: nonlinearity must be 'tanh' or 'relu', got '${nonlinearity}'`);
  }
  return nonlinearity;
}

/**
 * A new weight drawn from U(−1/√H, 1/√H), PyTorch's initialization of every recurrent weight and
 * bias (`reset_parameters` of RNNBase and the cells).
 * @example recurrentParameter([128, 32], 32, new Rng(0), 'float32') // weight_hh of LSTM(…, 32): [4H, H]
 */
export function recurrentParameter(shape: number[], hiddenSize: number, rng: Rng | undefined, dtype: DType): Parameter {
  const bound = 1 / Math.sqrt(hiddenSize);
  return new Parameter(uniform(shape, { low: -bound, high: bound, dtype, ...(rng === undefined ? {} : { rng }) }));
}

/** Throw a DTypeError for a bool input (integers promote to float in the matrix products). @example checkNotBool('GRU(3 → 4)', x) */
export function checkNotBool(label: string, x: Tensor): void {
  if (x.dtype === 'bool') throw new DTypeError(`${label}: input is bool; convert it with x.to('float32')`);
}

/**
 * Check an initial state tensor against its expected shape; `layout` names the dimensions
 * ('[numLayers·D, N, H]') and `what` the tensor ('state', 'state.c').
 * @example checkState('GRU(3 → 4)', 'state', h0, [1, 32, 4], '[numLayers·D, N, H]') // h0, or a ShapeError
 */
export function checkState(
  label: string,
  what: string,
  t: unknown,
  expected: readonly number[],
  layout: string,
): Tensor {
  if (!(t instanceof Tensor)) {
    throw new ValueError(
      `${label}: ${what} must be a Tensor of shape ${fmtShape(expected)} = ${layout}, got ${typeof t}`,
    );
  }
  const same = t.ndim === expected.length && t.shape.every((d, i) => d === expected[i]);
  if (!same) {
    throw new ShapeError(
      `${label}: ${what} ${fmtShape(t.shape)} does not match expected ${fmtShape(expected)} = ${layout}; ` +
        'pass the state a previous call returned, or zeros of that shape',
    );
  }
  checkNotBool(label, t);
  return t;
}

/** Throw unless an LSTM's state, if given, is an object { h, c } (its tensors are checked later). @example checkLSTMState('LSTM(1 → 32)', { h, c }) */
export function checkLSTMState(label: string, state: unknown): void {
  if (state !== undefined && (state === null || typeof state !== 'object' || !('h' in state) || !('c' in state))) {
    throw new ValueError(`${label}: state must be { h, c } (what a previous call returned), got ${String(state)}`);
  }
}

/**
 * Check a batch of sequences x [N, T, F] (batch-first) for a layer with `inputSize` features;
 * returns N and T. The errors say how to add a missing axis.
 * @example checkSequences('LSTM(1 → 32)', zeros([32, 10, 1]), 1) // [32, 10]
 */
export function checkSequences(label: string, x: Tensor, inputSize: number): [number, number] {
  const f = inputSize;
  if (x.ndim !== 3) {
    const hint =
      f === 1 && x.ndim === 2
        ? '; for one feature use x.unsqueeze(-1)'
        : x.ndim === 2 && x.shape[1] === f
          ? '; for a single sequence use x.unsqueeze(0)'
          : '';
    throw new ShapeError(
      `${label}: input ${fmtShape(x.shape)} has ${x.ndim} dims, expected [N, T, ${f}] (batch-first)${hint}`,
    );
  }
  if (x.shape[2] !== f) {
    throw new ShapeError(
      `${label}: input ${fmtShape(x.shape)} has ${x.shape[2]} features, expected [N, T, ${f}] (batch-first); ` +
        `the last dimension must hold the ${f} input features`,
    );
  }
  if (x.shape[1] === 0) throw new ShapeError(`${label}: input ${fmtShape(x.shape)} has no time steps (T = 0)`);
  checkNotBool(label, x);
  return [x.shape[0] as number, x.shape[1] as number];
}

/** The state a sequence starts from when none is given: zeros [N, H]. @example zeroState(32, 64, 'float32').shape // [32, 64] */
export function zeroState(batch: number, hiddenSize: number, dtype: DType): Tensor {
  return zeros([batch, hiddenSize], { dtype });
}

/**
 * Check `lengths` against a batch of N sequences of T steps and return them as integers:
 * each must be an integer in 1..T (as PyTorch's packed sequences, which reject empty ones).
 * @example checkLengths('GRU(3 → 4)', [5, 2], 2, 5) // Int32Array [5, 2]
 */
export function checkLengths(label: string, lengths: SequenceLengths, batch: number, steps: number): Int32Array {
  let values: ArrayLike<number>;
  if (lengths instanceof Tensor) {
    if (lengths.ndim !== 1 || lengths.dtype === 'bool' || lengths.dtype.startsWith('float')) {
      throw new ValueError(
        `${label}: lengths must be an int32 tensor [N] or an array of integers, got a ${lengths.dtype} tensor ` +
          `of shape ${fmtShape(lengths.shape)}`,
      );
    }
    values = lengths.data as Int32Array;
  } else if (Array.isArray(lengths) || lengths instanceof Int32Array) {
    values = lengths;
  } else {
    throw new ValueError(
      `${label}: lengths must be an int32 tensor [N] or an array of integers, got ${typeof lengths}`,
    );
  }
  if (values.length !== batch) {
    throw new ShapeError(
      `${label}: ${values.length} lengths given for a batch of ${batch} sequences; give one per sequence`,
    );
  }
  const out = new Int32Array(batch);
  for (let b = 0; b < batch; b++) {
    const n = values[b] as number;
    if (!Number.isInteger(n) || n < 1 || n > steps) {
      throw new ValueError(
        `${label}: lengths[${b}] is ${n}, expected an integer from 1 to T = ${steps} (the input's time steps); ` +
          'empty sequences are not supported, drop them from the batch',
      );
    }
    out[b] = n;
  }
  return out;
}

/**
 * The mask of each time step of a variable-length batch: `masks[t]` is a bool [N, 1] tensor, true
 * for the sequences that are still running at step t (t < length), or null when all are (no
 * masking needed: every step before the shortest length).
 * @example stepMasks(Int32Array.of(3, 1), 3) // [null, [[1], [0]], [[1], [0]]]
 */
export function stepMasks(lengths: Int32Array, steps: number): Array<Tensor | null> {
  const shortest = lengths.reduce((m, n) => Math.min(m, n), steps);
  const masks: Array<Tensor | null> = [];
  for (let t = 0; t < steps; t++) {
    if (t < shortest) {
      masks.push(null);
      continue;
    }
    const running = new Uint8Array(lengths.length);
    for (let b = 0; b < lengths.length; b++) running[b] = t < (lengths[b] as number) ? 1 : 0;
    masks.push(new Tensor(running, [lengths.length, 1]));
  }
  return masks;
}
