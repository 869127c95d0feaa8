/**
 * The recurrent layers `RNN`, `LSTM` and `GRU`: a (multi-layer, optionally bidirectional) network
 * run over whole sequences, batch-first ([N, T, F]), with PyTorch's parameters, state-dict keys,
 * initialization and results, variable-length batches included (`lengths`, as packed sequences).
 *
 * The recurrence itself is the step function of each kind (rnn-steps.ts, shared with the cells);
 * this file holds the layers' parameters and `runDirection`, the loop over time.
 */
import { ValueError } from '../errors.js';
import { concat, linear, lstmSequence, reshape, slice, stack, transpose, unbind, where } from '../ops/index.js';
import type { Rng } from '../random.js';
import type { Tensor } from '../tensor.js';
import { warnOnce } from '../warnings.js';
import { Dropout } from './dropout.js';
import { Module } from './module.js';
import { camelCase } from './naming.js';
import type { Parameter } from './parameter.js';
import {
  checkLengths,
  checkLSTMState,
  checkNonlinearity,
  checkPositive,
  checkSequences,
  checkState,
  type LSTMOutput,
  type RecurrentInput,
  type RecurrentOptions,
  type RecurrentOutput,
  type RNNOptions,
  recurrentParameter,
  type SequenceLengths,
  stepMasks,
  zeroState,
} from './recurrent-state.js';
import { gruStep, type HiddenWeights, type LSTMState, lstmStep, type RNNNonlinearity, rnnStep } from './rnn-steps.js';

/** The weights of one direction of one layer. */
interface DirectionWeights extends HiddenWeights {
  weightIh: Tensor;
  biasIh: Tensor | null;
}

/** One step on a state held as a list ([h] or [h, c]): the loop treats all three kinds alike. */
type Step = (xProj: Tensor, state: Tensor[], w: HiddenWeights) => Tensor[];

/**
 * How a kind's step is run: the step itself, and whether it adds b_ih (LSTM and GRU: in their fused
 * cell, for free) so that the projection before the loop leaves it out (RNN: it is cheaper there).
 */
interface StepKind {
  step: Step;
  addsInputBias: boolean;
  /** All steps as one op (LSTM: `lstmSequence`), used when every sequence runs to the end. */
  sequence?: Sequence;
}

/** A whole direction as one op: xProj [T, N, G·H] and the initial state → every step's h [T, N, H] and the final state. */
type Sequence = (xProj: Tensor, state: Tensor[], w: HiddenWeights, reverse: boolean) => { hs: Tensor; final: Tensor[] };

/**
 * Run one direction of one layer over the T steps of a batch: the loop over time.
 * @param input the layer's input, time-major: [T, N, F]
 * @param initial the state before the first step ([h] or [h, c], each [N, H])
 * @param masks per step, which sequences are still running (null: all of them)
 * @param batchFirst whether the steps' outputs are joined as [N, T, H] (a last layer) or [T, N, H]
 * @returns every step's output h joined in time order, and the final state
 */
function runDirection(
  { step, addsInputBias, sequence }: StepKind,
  input: Tensor,
  w: DirectionWeights,
  initial: Tensor[],
  reverse: boolean,
  masks: Array<Tensor | null> | null,
  batchFirst: boolean,
): { output: Tensor; final: Tensor[] } {
  // The input's share of every step, x_t·W_ihᵀ + b_ih, before the loop: it does not depend on the
  // previous step, so it is one product over all T·N rows, cut into its T steps by `unbind`, whose
  // backward writes all steps' gradients into one [T, N, G·H] tensor.
  const projection = linear(input, w.weightIh, addsInputBias ? undefined : (w.biasIh ?? undefined));
  const stepWeights: HiddenWeights = {
    weightHh: w.weightHh,
    biasHh: w.biasHh,
    biasIh: addsInputBias ? w.biasIh : null,
  };
  if (sequence !== undefined && masks === null) {
    // hs is already every step's h in one [T, N, H] tensor: no per-step views to join again
    const run = sequence(projection, initial, stepWeights, reverse);
    return { output: batchFirst ? transpose(run.hs, 0, 1) : run.hs, final: run.final };
  }
  const xProj = unbind(projection, 0);
  const steps = xProj.length;
  const outputs = new Array<Tensor>(steps);
  let state = initial;
  for (let i = 0; i < steps; i++) {
    const t = reverse ? steps - 1 - i : i;
    const next = step(xProj[t] as Tensor, state, stepWeights);
    const running = masks?.[t] ?? null;
    if (running === null) {
      state = next;
      outputs[t] = next[0] as Tensor;
    } else {
      // Finished sequences keep their state (so their final state is the one at their own end, and
      // the reverse direction starts at their own last element) and output zeros.
      const prev = state;
      state = next.map((s, j) => where(running, s, prev[j] as Tensor));
      outputs[t] = where(running, next[0] as Tensor, 0);
    }
  }
  return { output: stack(outputs, batchFirst ? 1 : 0), final: state };
}

/** The parameters and the layer loop RNN, LSTM and GRU share; `S` is the state's type. */
abstract class RecurrentLayer<S, Out> extends Module<[Tensor, RecurrentInput<S>?], Out> {
  readonly inputSize: number;
  readonly hiddenSize: number;
  readonly numLayers: number;
  readonly bidirectional: boolean;
  readonly dropout: number;
  /** Layer 0's input weights [G·H, F] (key `weight_ih_l0`); the others are fields too (`weightIhL1`, `weightHhL0Reverse`, …). */
  declare weightIhL0: Parameter;
  /** Layer 0's hidden weights [G·H, H] (`weight_hh_l0`). */
  declare weightHhL0: Parameter;
  /** Layer 0's input bias [G·H] (`bias_ih_l0`), or null without bias. */
  declare biasIhL0: Parameter | null;
  /** Layer 0's hidden bias [G·H] (`bias_hh_l0`), or null without bias. */
  declare biasHhL0: Parameter | null;
  private readonly kind: string;
  private readonly rng: Rng | undefined;

  constructor(kind: string, gates: number, inputSize: number, hiddenSize: number, options: RecurrentOptions) {
    super();
    const { numLayers = 1, bidirectional = false, dropout = 0, bias = true, rng, dtype = 'float32' } = options;
    checkPositive(kind, 'inputSize', inputSize);
    checkPositive(kind, 'hiddenSize', hiddenSize);
    checkPositive(kind, 'numLayers', numLayers);
    if (!(typeof dropout === 'number' && dropout >= 0 && dropout < 1)) {
      throw new ValueError(`${kind}: dropout must be in [0, 1), got ${dropout}`);
    }
    if (dropout > 0 && numLayers === 1) {
      warnOnce(
        `nn.${kind}.dropout`,
        `${kind}: dropout applies between stacked layers only, so with numLayers = 1 dropout=${dropout} does nothing`,
      );
    }
    this.inputSize = inputSize;
    this.hiddenSize = hiddenSize;
    this.numLayers = numLayers;
    this.bidirectional = bidirectional === true;
    this.dropout = dropout;
    this.kind = kind;
    this.rng = rng;
    // PyTorch's keys and order (weight_ih_l0, weight_hh_l0, bias_ih_l0, bias_hh_l0, then _reverse,
    // then _l1 …); each drawn from U(−1/√H, 1/√H) in that order, as PyTorch.
    for (let l = 0; l < numLayers; l++) {
      const layerInput = l === 0 ? inputSize : hiddenSize * this.directions;
      for (let d = 0; d < this.directions; d++) {
        const sfx = `l${l}${d === 1 ? '_reverse' : ''}`;
        const param = (shape: number[]) => recurrentParameter(shape, hiddenSize, rng, dtype);
        this.registerParameter(`weight_ih_${sfx}`, param([gates * hiddenSize, layerInput]));
        this.registerParameter(`weight_hh_${sfx}`, param([gates * hiddenSize, hiddenSize]));
        this.registerParameter(`bias_ih_${sfx}`, bias ? param([gates * hiddenSize]) : null);
        this.registerParameter(`bias_hh_${sfx}`, bias ? param([gates * hiddenSize]) : null);
      }
    }
  }

  /** D: 2 when bidirectional, else 1. */
  get directions(): number {
    return this.bidirectional ? 2 : 1;
  }

  /** `LSTM(1 → 32)`, how errors name this layer. */
  protected get label(): string {
    return `${this.kind}(${this.inputSize} → ${this.hiddenSize})`;
  }

  /** The weights of layer `l`, direction `d`, read from the fields (so reassigned ones count). */
  private weights(l: number, d: number): DirectionWeights {
    const fields = this as unknown as Record<string, Tensor | null>;
    const get = (name: string) => fields[camelCase(`${name}_l${l}${d === 1 ? '_reverse' : ''}`)] ?? null;
    return {
      weightIh: get('weight_ih') as Tensor,
      weightHh: get('weight_hh') as Tensor,
      biasIh: get('bias_ih'),
      biasHh: get('bias_hh'),
    };
  }

  /**
   * The initial states, one list ([h] or [h, c], each [N, H]) per layer and direction, from the
   * given tensors ([numLayers·D, N, H] each, in `names`' order) or zeros.
   */
  private initialStates(given: Tensor[] | null, names: string[], batch: number): Tensor[][] {
    const count = this.numLayers * this.directions;
    const h = this.hiddenSize;
    const checked = given?.map((t, i) =>
      checkState(this.label, names[i] as string, t, [count, batch, h], '[numLayers·D, N, H]'),
    );
    const dtype = this.weights(0, 0).weightHh.dtype;
    return Array.from({ length: count }, (_, j) =>
      names.map((_, i) => {
        const t = checked?.[i];
        return t === undefined ? zeroState(batch, h, dtype) : reshape(slice(t, 0, j, j + 1), [batch, h]);
      }),
    );
  }

  /**
   * The whole network over a batch: each layer's directions run over time (`runDirection`), the
   * outputs of both directions are joined, and the next layer reads them (after dropout).
   * @returns the last layer's outputs [N, T, D·H] and the final states, one [numLayers·D, N, H]
   *   tensor per state name
   */
  protected run(step: StepKind, x: Tensor, names: string[], given: Tensor[] | null, lengths?: SequenceLengths) {
    const [batch, steps] = checkSequences(this.label, x, this.inputSize);
    const masks = lengths === undefined ? null : stepMasks(checkLengths(this.label, lengths, batch, steps), steps);
    const initial = this.initialStates(given, names, batch);
    const drop = this.training && this.dropout > 0 ? new Dropout(this.dropout, { rng: this.rng }) : null;
    // Inside, sequences are time-major ([T, N, F]): each step's rows are one contiguous block, so
    // cutting the input projection into steps, and joining steps, copies whole blocks.
    let input = transpose(x, 0, 1); // each layer's input; then the previous layer's output [T, N, D·H]
    const finals: Tensor[][] = []; // the final state of each layer and direction, in PyTorch's order
    for (let l = 0; l < this.numLayers; l++) {
      const last = l === this.numLayers - 1;
      const outputs: Tensor[] = [];
      for (let d = 0; d < this.directions; d++) {
        const start = initial[l * this.directions + d] as Tensor[];
        // the last layer's output is batch-first
        const run = runDirection(step, input, this.weights(l, d), start, d === 1, masks, last);
        outputs.push(run.output);
        finals.push(run.final);
      }
      // Each step's output: the forward direction's h, joined with the reverse one's if bidirectional.
      input = outputs.length === 1 ? (outputs[0] as Tensor) : concat(outputs, 2);
      if (drop !== null && !last) input = drop.forward(input);
    }
    const stateTensor = (i: number) =>
      stack(
        finals.map((s) => s[i] as Tensor),
        0,
      );
    return { output: input, states: names.map((_, i) => stateTensor(i)) };
  }

  override extraRepr(): string {
    const parts = [`${this.inputSize}, ${this.hiddenSize}`];
    if (this.numLayers !== 1) parts.push(`numLayers=${this.numLayers}`);
    if (this.weights(0, 0).biasIh === null) parts.push('bias=false');
    if (this.dropout !== 0) parts.push(`dropout=${this.dropout}`);
    if (this.bidirectional) parts.push('bidirectional=true');
    return parts.join(', ');
  }
}

/**
 * A multi-layer Elman RNN over batch-first sequences, as `torch.nn.RNN(batch_first=True)`: at each
 * step t, h_t = tanh(x_t·W_ihᵀ + b_ih + h_{t−1}·W_hhᵀ + b_hh) (or relu; see `rnnStep`).
 *
 * Shapes: x [N, T, F] → output [N, T, D·H] (every step's h of the last layer; D = 2 when
 * bidirectional, forward and reverse halves joined on the last axis) and h [numLayers·D, N, H]
 * (the final state of every layer and direction, ordered l0, l0_reverse, l1, …). `state`, if given,
 * is an initial h of that shape; `lengths` runs a padded batch as PyTorch's packed sequences.
 * Parameters (PyTorch's keys, so a PyTorch state dict loads one to one): weight_ih_l{k} [H, F or
 * D·H], weight_hh_l{k} [H, H], bias_ih_l{k} and bias_hh_l{k} [H], and their `_reverse` twins; all
 * initialized from U(−1/√H, 1/√H).
 * @throws ShapeError `RNN(3 → 8): input [4, 3] has 2 dims, expected [N, T, 3] (batch-first); …`
 * @example
 * import { manualSeed, randn, RNN } from 'neurite';
 * manualSeed(0);
 * const rnn = new RNN(3, 8, { numLayers: 2 });
 * const { output, h } = rnn.forward(randn([4, 10, 3])); // output [4, 10, 8], h [2, 4, 8]
 * rnn.forward(randn([4, 5, 3]), { state: h });           // carry on from the final state
 */
export class RNN extends RecurrentLayer<Tensor, RecurrentOutput> {
  readonly nonlinearity: RNNNonlinearity;

  constructor(inputSize: number, hiddenSize: number, options: RNNOptions = {}) {
    super('RNN', 1, inputSize, hiddenSize, options);
    this.nonlinearity = checkNonlinearity('RNN', options.nonlinearity);
  }

  /** x [N, T, F] → { output [N, T, D·H], h [numLayers·D, N, H] } */
  forward(x: Tensor, { state, lengths }: RecurrentInput<Tensor> = {}): RecurrentOutput {
    const nonlinearity = this.nonlinearity;
    const step: Step = (xProj, [h], w) => [rnnStep(xProj, h as Tensor, w, nonlinearity)];
    const kind = { step, addsInputBias: false };
    const { output, states } = this.run(kind, x, ['state'], state === undefined ? null : [state], lengths);
    return { output, h: states[0] as Tensor };
  }

  override extraRepr(): string {
    return this.nonlinearity === 'tanh' ? super.extraRepr() : `${super.extraRepr()}, nonlinearity=relu`;
  }
}

/**
 * A multi-layer LSTM over batch-first sequences, as `torch.nn.LSTM(batch_first=True)`: gates i, f,
 * g, o at each step (see `lstmStep`), with a hidden state h and a cell state c.
 *
 * Shapes: x [N, T, F] → output [N, T, D·H], h and c [numLayers·D, N, H]. `state`, if given, is
 * { h, c } of those shapes; `lengths` runs a padded batch as PyTorch's packed sequences.
 * Parameters (PyTorch's keys and layouts): weight_ih_l{k} [4H, F or D·H], weight_hh_l{k} [4H, H],
 * bias_ih_l{k} and bias_hh_l{k} [4H] (the four gates stacked in the order i, f, g, o), and their
 * `_reverse` twins; all initialized from U(−1/√H, 1/√H).
 * @throws ShapeError `LSTM(1 → 32): input [32, 10] has 2 dims, expected [N, T, 1] (batch-first); for one feature use x.unsqueeze(-1)`
 * @example
 * import { LSTM, Linear, manualSeed, randn } from 'neurite';
 * manualSeed(0);
 * const lstm = new LSTM(1, 32);
 * const head = new Linear(32, 1);
 * const { output } = lstm.forward(randn([16, 20, 1]));  // [16, 20, 32]
 * const next = head.forward(output.slice(1, -1).squeeze(1)); // predict from the last step: [16, 1]
 */
export class LSTM extends RecurrentLayer<LSTMState, LSTMOutput> {
  constructor(inputSize: number, hiddenSize: number, options: RecurrentOptions = {}) {
    super('LSTM', 4, inputSize, hiddenSize, options);
  }

  /** x [N, T, F] → { output [N, T, D·H], h, c [numLayers·D, N, H] } */
  forward(x: Tensor, { state, lengths }: RecurrentInput<LSTMState> = {}): LSTMOutput {
    checkLSTMState(this.label, state);
    const step: Step = (xProj, [h, c], w) => {
      const next = lstmStep(xProj, { h: h as Tensor, c: c as Tensor }, w);
      return [next.h, next.c];
    };
    const sequence: Sequence = (xProj, [h, c], w, reverse) => {
      const r = lstmSequence(
        xProj,
        h as Tensor,
        c as Tensor,
        w.weightHh,
        w.biasIh ?? undefined,
        w.biasHh ?? undefined,
        reverse,
      );
      return { hs: r.hs, final: [r.h, r.c] };
    };
    const given = state === undefined ? null : [state.h, state.c];
    const kind = { step, addsInputBias: true, sequence };
    const { output, states } = this.run(kind, x, ['state.h', 'state.c'], given, lengths);
    return { output, h: states[0] as Tensor, c: states[1] as Tensor };
  }
}

/**
 * A multi-layer GRU over batch-first sequences, as `torch.nn.GRU(batch_first=True)`: gates r, z, n
 * at each step (see `gruStep`).
 *
 * Shapes: x [N, T, F] → output [N, T, D·H], h [numLayers·D, N, H]. `state`, if given, is an
 * initial h of that shape; `lengths` runs a padded batch as PyTorch's packed sequences.
 * Parameters (PyTorch's keys and layouts): weight_ih_l{k} [3H, F or D·H], weight_hh_l{k} [3H, H],
 * bias_ih_l{k} and bias_hh_l{k} [3H] (gates stacked in the order r, z, n), and their `_reverse`
 * twins; all initialized from U(−1/√H, 1/√H).
 * @throws ShapeError for an input or state of the wrong shape; ValueError for bad lengths.
 * @example
 * import { GRU, manualSeed, randn } from 'neurite';
 * manualSeed(0);
 * const gru = new GRU(4, 16, { bidirectional: true });
 * const { output, h } = gru.forward(randn([3, 7, 4]), { lengths: [7, 5, 2] });
 * // output [3, 7, 32] (zero past each length), h [2, 3, 16]
 */
export class GRU extends RecurrentLayer<Tensor, RecurrentOutput> {
  constructor(inputSize: number, hiddenSize: number, options: RecurrentOptions = {}) {
    super('GRU', 3, inputSize, hiddenSize, options);
  }

  /** x [N, T, F] → { output [N, T, D·H], h [numLayers·D, N, H] } */
  forward(x: Tensor, { state, lengths }: RecurrentInput<Tensor> = {}): RecurrentOutput {
    const step: Step = (xProj, [h], w) => [gruStep(xProj, h as Tensor, w)];
    const kind = { step, addsInputBias: true };
    const { output, states } = this.run(kind, x, ['state'], state === undefined ? null : [state], lengths);
    return { output, h: states[0] as Tensor };
  }
}
