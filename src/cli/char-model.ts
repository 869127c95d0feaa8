/**
 * The character-level language model of `neurite train char-rnn` and how it writes text:
 * `CharModel` (Embedding → LSTM or GRU → Linear over the vocabulary) and `sampleText`, which feeds
 * the model its own output one character at a time, drawing each next character from the
 * softmax of the logits divided by a temperature.
 */
import {
  type CharVocab,
  Embedding,
  GRU,
  Linear,
  LSTM,
  type LSTMState,
  Module,
  noGrad,
  type Rng,
  type Tensor,
  tensor,
  ValueError,
} from '../index.js';

/** The recurrent cell kinds `CharModel` can use. */
export const CELLS = ['lstm', 'gru'] as const;
export type CellKind = (typeof CELLS)[number];

/** The recurrent state between calls: { h, c } for an LSTM, h for a GRU. */
export type CharState = LSTMState | Tensor;

/** Sizes of a `CharModel`. */
export interface CharModelOptions {
  cell: CellKind;
  /** Characters in the vocabulary (V). */
  vocabSize: number;
  /** Size of each character's learned vector. */
  embeddingDim: number;
  hidden: number;
  numLayers: number;
  rng: Rng;
}

/**
 * Embedding(V → E) → LSTM or GRU (E → H, numLayers) → Linear(H → V): ids [N, T] → logits [N, T, V],
 * the scores of the next character at every position.
 * @example
 * const vocab = CharVocab.fromText(loadText());
 * const model = new CharModel({ cell: 'lstm', vocabSize: vocab.size, embeddingDim: 32, hidden: 128, numLayers: 1, rng: new Rng(1) });
 * model.forward(tensor(vocab.encode('In the'), { shape: [1, 6] })).shape; // [1, 6, 60]
 */
export class CharModel extends Module<[Tensor], Tensor> {
  embedding: Embedding;
  rnn: LSTM | GRU;
  head: Linear;

  constructor({ cell, vocabSize, embeddingDim, hidden, numLayers, rng }: CharModelOptions) {
    super();
    this.embedding = new Embedding(vocabSize, embeddingDim, { rng });
    const Cell = cell === 'gru' ? GRU : LSTM;
    this.rnn = new Cell(embeddingDim, hidden, { numLayers, rng });
    this.head = new Linear(hidden, vocabSize, { rng });
  }

  /** ids [N, T] (int32) → logits [N, T, V], starting from a zero state. */
  forward(ids: Tensor): Tensor {
    return this.run(ids).logits;
  }

  /** ids [N, T] from `state` (default zeros) → logits [N, T, V] and the state after the last step. */
  run(ids: Tensor, state?: CharState): { logits: Tensor; state: CharState } {
    const x = this.embedding.forward(ids);
    if (this.rnn instanceof LSTM) {
      const { output, h, c } = this.rnn.forward(x, { state: state as LSTMState | undefined });
      return { logits: this.head.forward(output), state: { h, c } };
    }
    const { output, h } = this.rnn.forward(x, { state: state as Tensor | undefined });
    return { logits: this.head.forward(output), state: h };
  }
}

/** Options of `sampleText`. */
export interface SampleOptions {
  /** Text the model reads first (every character must be in the vocabulary; not empty). */
  prime: string;
  /** Characters to generate after it. */
  length: number;
  /** Divides the logits: below 1 sharpens the distribution (safer text), above 1 flattens it. */
  temperature: number;
  rng: Rng;
}

/**
 * Let the model write: read `prime`, then `length` times draw the next character from
 * softmax(logits / temperature) and feed it back, carrying the recurrent state. No gradients are
 * recorded; the model is put in evaluation mode and left there.
 * @returns the prime followed by the generated characters.
 * @throws ValueError for an empty prime, a temperature ≤ 0, or a negative length
 * @example sampleText(model, vocab, { prime: 'And God said', length: 200, temperature: 0.5, rng: new Rng(1) })
 */
export function sampleText(model: CharModel, vocab: CharVocab, options: SampleOptions): string {
  const { prime, length, temperature, rng } = options;
  if (prime.length === 0) throw new ValueError('sampleText: prime must hold at least one character');
  if (!(temperature > 0)) throw new ValueError(`sampleText: temperature must be > 0, got ${temperature}`);
  if (!Number.isInteger(length) || length < 0) {
    throw new ValueError(`sampleText: length must be a whole number >= 0, got ${length}`);
  }
  model.eval();
  return noGrad(() => {
    const ids = vocab.encode(prime);
    let { logits, state } = model.run(tensor(ids, { shape: [1, ids.length] }));
    const drawn: number[] = [];
    for (let i = 0; i < length; i++) {
      const v = logits.shape[2] as number;
      const last = logits.data.subarray(logits.data.length - v); // the scores after the last character
      const id = drawIndex(last, temperature, rng);
      drawn.push(id);
      ({ logits, state } = model.run(tensor(Int32Array.of(id), { shape: [1, 1] }), state));
    }
    return prime + vocab.decode(drawn);
  });
}

/**
 * Draw i with probability softmax(scores / temperature)_i, in float64 with the maximum subtracted.
 * @example drawIndex([0, Math.log(9)], 1, new Rng(1)) // 1 nine times out of ten
 */
export function drawIndex(scores: ArrayLike<number>, temperature: number, rng: Rng): number {
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < scores.length; i++) max = Math.max(max, scores[i] as number);
  const weights = Float64Array.from(scores, (s) => Math.exp((s - max) / temperature));
  let total = 0;
  for (const w of weights) total += w;
  let u = rng.uniform() * total;
  let lastPossible = 0;
  for (let i = 0; i < weights.length; i++) {
    const w = weights[i] as number;
    if (w > 0) lastPossible = i;
    u -= w;
    if (u < 0) return i;
  }
  return lastPossible; // u landed on the rounding error at the very end
}
