/**
 * `Embedding`: a learned vector per token, as `torch.nn.Embedding` — the usual first layer of a
 * model over words or characters.
 */
import { type DType, isFloat } from '../dtype.js';
import { DTypeError, fmtShape, ShapeError, ValueError } from '../errors.js';
import { embeddingLookup, normalizePaddingIdx } from '../ops/embedding.js';
import type { Rng } from '../random.js';
import type { Tensor } from '../tensor.js';
import { normal } from './init.js';
import { Module } from './module.js';
import { Parameter } from './parameter.js';

/** Options of `Embedding`. */
export interface EmbeddingOptions {
  /**
   * Index of the padding token (negative counts from the end, as PyTorch's `padding_idx`): its row
   * starts at zero and receives no gradient, so padding stays a zero vector while training.
   */
  paddingIdx?: number;
  /** Generator for the initial weights (default: the global one, seeded by `manualSeed`). */
  rng?: Rng;
  /** dtype of the weight (default 'float32'). */
  dtype?: DType;
  /**
   * Start from these weights [numEmbeddings, embeddingDim] (shared, not copied; no random draw, the
   * paddingIdx row kept as given), as PyTorch's `_weight`. `Embedding.fromPretrained` uses it.
   */
  weight?: Tensor;
}

function checkSize(what: string, n: number): void {
  if (!Number.isInteger(n) || n < 1) throw new ValueError(`Embedding: ${what} must be a positive integer, got ${n}`);
}

/**
 * A lookup table of `numEmbeddings` learned vectors of size `embeddingDim`, as `torch.nn.Embedding`:
 * out[..., :] = weight[input[...], :]. Equivalent to a Linear layer applied to one-hot vectors,
 * without building them. The weight's gradient is a scatter-add (a token used k times in a batch
 * gets the sum of its k gradients); the `paddingIdx` row gets none.
 *
 * Shapes: input int32 of any shape S (e.g. token ids [N, T]) → [...S, embeddingDim];
 * `weight` [numEmbeddings, embeddingDim] (state-dict key `weight`).
 *
 * Initialization as PyTorch: weight ~ N(0, 1) drawn from `rng` (or the global seeded generator),
 * then the `paddingIdx` row set to zero.
 * @throws ValueError for bad sizes or paddingIdx (constructor)
 * @throws ShapeError for an index outside [0, numEmbeddings):
 *   `Embedding(65, 32): index 70 (at flat position 3 of indices [2, 5]) is out of range: valid indices are 0 to 64 …`
 * @example
 * import { Embedding, manualSeed, tensor } from 'neurite';
 * manualSeed(0);
 * const emb = new Embedding(65, 32, { paddingIdx: 0 });
 * const tokens = tensor([[5, 12, 0], [7, 0, 0]], { dtype: 'int32' }); // [N, T], 0 = padding
 * emb.forward(tokens).shape; // [2, 3, 32]
 */
export class Embedding extends Module<[Tensor], Tensor> {
  readonly numEmbeddings: number;
  readonly embeddingDim: number;
  /** The padding row in [0, numEmbeddings), or null without padding. */
  readonly paddingIdx: number | null;
  /** [numEmbeddings, embeddingDim] */
  weight: Parameter;

  constructor(
    numEmbeddings: number,
    embeddingDim: number,
    { paddingIdx, rng, dtype = 'float32', weight }: EmbeddingOptions = {},
  ) {
    super();
    checkSize('numEmbeddings', numEmbeddings);
    checkSize('embeddingDim', embeddingDim);
    this.numEmbeddings = numEmbeddings;
    this.embeddingDim = embeddingDim;
    this.paddingIdx = normalizePaddingIdx(this.label, paddingIdx, numEmbeddings);
    if (weight !== undefined) {
      this.weight = new Parameter(this.checkWeight(weight));
      return;
    }
    const init = normal([numEmbeddings, embeddingDim], { dtype, ...(rng === undefined ? {} : { rng }) });
    const p = this.paddingIdx;
    if (p !== null) init.data.fill(0, p * embeddingDim, (p + 1) * embeddingDim);
    this.weight = new Parameter(init);
  }

  private checkWeight(weight: Tensor): Tensor {
    if (weight.ndim !== 2 || weight.shape[0] !== this.numEmbeddings || weight.shape[1] !== this.embeddingDim) {
      throw new ShapeError(
        `${this.label}: weight shape ${fmtShape(weight.shape)} does not match [${this.numEmbeddings}, ${this.embeddingDim}]`,
      );
    }
    if (!isFloat(weight.dtype)) {
      throw new DTypeError(`${this.label}: weight must be float, got ${weight.dtype}; convert it with .to('float32')`);
    }
    return weight;
  }

  /**
   * An Embedding holding `weights` (shared, not copied), as `torch.nn.Embedding.from_pretrained`:
   * frozen (`requiresGrad` false) unless `freeze: false`. The paddingIdx row is kept as given.
   * @param weights float [numEmbeddings, embeddingDim]
   * @example
   * const emb = Embedding.fromPretrained(tensor([[1, 2], [3, 4]]));
   * emb.forward(tensor([1], { dtype: 'int32' })).toArray(); // [[3, 4]]
   */
  static fromPretrained(
    weights: Tensor,
    { freeze = true, paddingIdx }: { freeze?: boolean; paddingIdx?: number } = {},
  ): Embedding {
    if (weights.ndim !== 2) {
      throw new ShapeError(
        `Embedding.fromPretrained: weights must be [numEmbeddings, embeddingDim], got ${fmtShape(weights.shape)}`,
      );
    }
    const [num, dim] = weights.shape as [number, number];
    const emb = new Embedding(num, dim, { weight: weights, ...(paddingIdx === undefined ? {} : { paddingIdx }) });
    emb.weight.requiresGrad = !freeze;
    return emb;
  }

  /** `Embedding(65, 32)`, how errors name this layer. */
  private get label(): string {
    return `Embedding(${this.numEmbeddings}, ${this.embeddingDim})`;
  }

  /** input int32 [...S] → [...S, embeddingDim] */
  forward(input: Tensor): Tensor {
    return embeddingLookup(this.label, input, this.weight, this.paddingIdx ?? undefined);
  }

  override extraRepr(): string {
    const padding = this.paddingIdx === null ? '' : `, paddingIdx=${this.paddingIdx}`;
    return `${this.numEmbeddings}, ${this.embeddingDim}${padding}`;
  }
}
