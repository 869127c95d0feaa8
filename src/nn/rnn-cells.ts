/**
 * `RNNCell`, `LSTMCell`, `GRUCell`: one time step of a recurrent network as a module, for loops
 * written by hand (the layers RNN, LSTM and GRU run the whole sequence). They run the same step
 * functions as the layers (rnn-steps.ts) and hold PyTorch's parameters: `weight_ih` [G·H, F],
 * `weight_hh` [G·H, H], `bias_ih` and `bias_hh` [G·H], with G = 1, 4 (i, f, g, o) or 3 (r, z, n).
 */
import type { DType } from '../dtype.js';
import { fmtShape, ShapeError } from '../errors.js';
import { linear, squeeze, unsqueeze } from '../ops/index.js';
import type { Rng } from '../random.js';
import type { Tensor } from '../tensor.js';
import { Module } from './module.js';
import type { Parameter } from './parameter.js';
import {
  checkLSTMState,
  checkNonlinearity,
  checkNotBool,
  checkPositive,
  checkState,
  recurrentParameter,
  zeroState,
} from './recurrent-state.js';
import { gruStep, type LSTMState, lstmStep, type RNNNonlinearity, rnnStep } from './rnn-steps.js';

/** Options of `RNNCell`, `LSTMCell` and `GRUCell`. */
export interface CellOptions {
  /** Learn the biases `bias_ih` and `bias_hh` (default true). */
  bias?: boolean;
  /** Generator for the initial weights (default: the global one, seeded by `manualSeed`). */
  rng?: Rng;
  /** dtype of the weights (default 'float32'). */
  dtype?: DType;
}

/** Options of `RNNCell`. */
export interface RNNCellOptions extends CellOptions {
  /** 'tanh' (default) or 'relu'. */
  nonlinearity?: RNNNonlinearity;
}

/** An input checked and projected: x·W_ihᵀ as a batch [N, G·H] (the step adds b_ih). */
interface Projected {
  xProj: Tensor;
  batch: number;
  /** False for one sample given as [F] (PyTorch's unbatched input): states are [H] then. */
  batched: boolean;
}

/** The parameters and input/state handling the three cells share. */
abstract class RecurrentCell<S> extends Module<[Tensor, S?], S> {
  readonly inputSize: number;
  readonly hiddenSize: number;
  /** [G·H, inputSize], the G gates' input weights stacked in PyTorch's order */
  weightIh: Parameter;
  /** [G·H, hiddenSize] */
  weightHh: Parameter;
  /** [G·H], or null without bias */
  biasIh: Parameter | null;
  /** [G·H], or null without bias */
  biasHh: Parameter | null;
  private readonly kind: string;

  constructor(kind: string, gates: number, inputSize: number, hiddenSize: number, options: CellOptions) {
    super();
    const { bias = true, rng, dtype = 'float32' } = options;
    checkPositive(kind, 'inputSize', inputSize);
    checkPositive(kind, 'hiddenSize', hiddenSize);
    this.inputSize = inputSize;
    this.hiddenSize = hiddenSize;
    this.kind = kind;
    // Drawn in PyTorch's parameter order, each from U(−1/√H, 1/√H).
    this.weightIh = recurrentParameter([gates * hiddenSize, inputSize], hiddenSize, rng, dtype);
    this.weightHh = recurrentParameter([gates * hiddenSize, hiddenSize], hiddenSize, rng, dtype);
    this.biasIh = bias ? recurrentParameter([gates * hiddenSize], hiddenSize, rng, dtype) : null;
    this.biasHh = bias ? recurrentParameter([gates * hiddenSize], hiddenSize, rng, dtype) : null;
  }

  /** `LSTMCell(3 → 4)`, how errors name this cell. */
  protected get label(): string {
    return `${this.kind}(${this.inputSize} → ${this.hiddenSize})`;
  }

  /** Check x ([N, F] or one sample [F]) and compute its input projection. */
  protected project(x: Tensor): Projected {
    const f = this.inputSize;
    if (x.ndim !== 1 && x.ndim !== 2) {
      const hint =
        x.ndim === 3 ? `; for sequences [N, T, ${f}] use ${this.kind.replace('Cell', '')}, which loops over time` : '';
      throw new ShapeError(
        `${this.label}: input ${fmtShape(x.shape)} has ${x.ndim} dims, expected [N, ${f}] or [${f}]${hint}`,
      );
    }
    if (x.shape[x.ndim - 1] !== f) {
      throw new ShapeError(
        `${this.label}: input ${fmtShape(x.shape)} has ${x.shape[x.ndim - 1]} features, expected ` +
          `${x.ndim === 2 ? `[N, ${f}]` : `[${f}]`}; the last dimension must hold the ${f} input features`,
      );
    }
    checkNotBool(this.label, x);
    const batched = x.ndim === 2;
    const x2 = batched ? x : unsqueeze(x, 0);
    const xProj = linear(x2, this.weightIh); // the step adds b_ih: the cell is its `w`, biasIh included
    return { xProj, batch: x2.shape[0] as number, batched };
  }

  /** A state tensor ([N, H], or [H] for an unbatched input) as [N, H]; zeros when not given. */
  protected stateOf(what: string, t: Tensor | undefined, input: Projected): Tensor {
    const h = this.hiddenSize;
    if (t === undefined) return zeroState(input.batch, h, this.weightHh.dtype);
    const expected = input.batched ? [input.batch, h] : [h];
    const checked = checkState(this.label, what, t, expected, input.batched ? '[N, H]' : '[H]');
    return input.batched ? checked : unsqueeze(checked, 0);
  }

  /** A new state [N, H] in the input's form: [H] again for an unbatched input. */
  protected shaped(t: Tensor, input: Projected): Tensor {
    return input.batched ? t : squeeze(t, 0);
  }

  override extraRepr(): string {
    return `${this.inputSize}, ${this.hiddenSize}, bias=${this.biasIh !== null}`;
  }
}

/**
 * One step of an Elman RNN as a module, as `torch.nn.RNNCell`: h′ = tanh(x·W_ihᵀ + b_ih + h·W_hhᵀ + b_hh)
 * (or relu). See `rnnStep`.
 *
 * Shapes: x [N, F] (or [F]), h [N, H] (or [H]; default zeros) → h′ [N, H] (or [H]).
 * Parameters (PyTorch's keys): weight_ih [H, F], weight_hh [H, H], bias_ih [H], bias_hh [H], all
 * initialized from U(−1/√H, 1/√H).
 * @throws ShapeError for an input or state of the wrong shape; ValueError for bad sizes.
 * @example
 * import { manualSeed, randn, RNNCell } from 'neurite';
 * manualSeed(0);
 * const cell = new RNNCell(3, 8);
 * let h = cell.forward(randn([2, 3]));   // [2, 8]
 * h = cell.forward(randn([2, 3]), h);    // the next step
 */
export class RNNCell extends RecurrentCell<Tensor> {
  readonly nonlinearity: RNNNonlinearity;

  constructor(inputSize: number, hiddenSize: number, options: RNNCellOptions = {}) {
    super('RNNCell', 1, inputSize, hiddenSize, options);
    this.nonlinearity = checkNonlinearity('RNNCell', options.nonlinearity);
  }

  /** x [N, F], h [N, H] → h′ [N, H] */
  forward(x: Tensor, h?: Tensor): Tensor {
    const input = this.project(x);
    return this.shaped(rnnStep(input.xProj, this.stateOf('h', h, input), this, this.nonlinearity), input);
  }

  override extraRepr(): string {
    return `${super.extraRepr()}, nonlinearity=${this.nonlinearity}`;
  }
}

/**
 * One step of an LSTM as a module, as `torch.nn.LSTMCell`; gates i, f, g, o (see `lstmStep`).
 *
 * Shapes: x [N, F] (or [F]), state { h, c } [N, H] each (or [H]; default zeros) → { h′, c′ }.
 * Parameters (PyTorch's keys): weight_ih [4H, F], weight_hh [4H, H], bias_ih [4H], bias_hh [4H],
 * all initialized from U(−1/√H, 1/√H).
 * @throws ShapeError for an input or state of the wrong shape; ValueError for bad sizes.
 * @example
 * import { LSTMCell, manualSeed, randn } from 'neurite';
 * manualSeed(0);
 * const cell = new LSTMCell(3, 8);
 * let state = cell.forward(randn([2, 3]));  // { h: [2, 8], c: [2, 8] }
 * state = cell.forward(randn([2, 3]), state);
 */
export class LSTMCell extends RecurrentCell<LSTMState> {
  constructor(inputSize: number, hiddenSize: number, options: CellOptions = {}) {
    super('LSTMCell', 4, inputSize, hiddenSize, options);
  }

  /** x [N, F], { h, c } [N, H] → { h′, c′ } [N, H] */
  forward(x: Tensor, state?: LSTMState): LSTMState {
    const input = this.project(x);
    checkLSTMState(this.label, state);
    const h = this.stateOf('state.h', state?.h, input);
    const c = this.stateOf('state.c', state?.c, input);
    const next = lstmStep(input.xProj, { h, c }, this);
    return { h: this.shaped(next.h, input), c: this.shaped(next.c, input) };
  }
}

/**
 * One step of a GRU as a module, as `torch.nn.GRUCell`; gates r, z, n (see `gruStep`).
 *
 * Shapes: x [N, F] (or [F]), h [N, H] (or [H]; default zeros) → h′ [N, H] (or [H]).
 * Parameters (PyTorch's keys): weight_ih [3H, F], weight_hh [3H, H], bias_ih [3H], bias_hh [3H],
 * all initialized from U(−1/√H, 1/√H).
 * @throws ShapeError for an input or state of the wrong shape; ValueError for bad sizes.
 * @example
 * import { GRUCell, manualSeed, randn } from 'neurite';
 * manualSeed(0);
 * const cell = new GRUCell(3, 8);
 * const h = cell.forward(randn([2, 3])); // [2, 8]
 */
export class GRUCell extends RecurrentCell<Tensor> {
  constructor(inputSize: number, hiddenSize: number, options: CellOptions = {}) {
    super('GRUCell', 3, inputSize, hiddenSize, options);
  }

  /** x [N, F], h [N, H] → h′ [N, H] */
  forward(x: Tensor, h?: Tensor): Tensor {
    const input = this.project(x);
    return this.shaped(gruStep(input.xProj, this.stateOf('h', h, input), this), input);
  }
}
