/**
 * `embedding`: look rows of a weight matrix up by integer index, as
 * `torch.nn.functional.embedding`. A composite of `indexSelect`, whose backward (`indexAdd`) is
 * the scatter-add of the output gradient into the picked rows, so an index used twice gets both
 * gradients. The `Embedding` layer (nn/embedding.ts) owns the weight and calls this.
 */
import { isGradEnabled } from '../autograd.js';
import { kernels } from '../backend/backend.js';
import { isFloat } from '../dtype.js';
import { DTypeError, fmtShape, ShapeError, ValueError } from '../errors.js';
import { Tensor } from '../tensor.js';
import { ne, where } from './compare.js';
import { indexSelect } from './indexing.js';
import { reshape, unsqueeze } from './movement.js';

/** Options of `embedding`. */
export interface EmbeddingLookupOptions {
  /**
   * Row that receives no gradient (e.g. the padding token); negative values count from the end,
   * as PyTorch's `padding_idx`. Its values are returned as they are.
   */
  paddingIdx?: number;
}

/**
 * The paddingIdx in [0, numEmbeddings), or null; a ValueError names `label` when it is out of range.
 * @internal shared with the Embedding layer, which checks it in its constructor.
 */
export function normalizePaddingIdx(
  label: string,
  paddingIdx: number | undefined,
  numEmbeddings: number,
): number | null {
  if (paddingIdx === undefined) return null;
  if (!Number.isInteger(paddingIdx) || paddingIdx < -numEmbeddings || paddingIdx >= numEmbeddings) {
    throw new ValueError(
      `${label}: paddingIdx must be an integer in [${-numEmbeddings}, ${numEmbeddings - 1}] ` +
        `(a row of the ${numEmbeddings} embeddings, negative counting from the end), got ${paddingIdx}`,
    );
  }
  return paddingIdx < 0 ? paddingIdx + numEmbeddings : paddingIdx;
}

/**
 * The lookup with errors that name `label` (the op, or a layer such as `Embedding(65, 32)`).
 * @internal the public forms are `embedding` and `Embedding.forward`.
 */
export function embeddingLookup(label: string, input: Tensor, weight: Tensor, paddingIdx?: number): Tensor {
  if (!(input instanceof Tensor) || input.dtype !== 'int32') {
    const got = input instanceof Tensor ? `a ${input.dtype} tensor` : typeof input;
    throw new DTypeError(`${label}: indices must be an int32 tensor, got ${got}; convert them with .to('int32')`);
  }
  if (weight.ndim !== 2) {
    throw new ShapeError(`${label}: weight must be [numEmbeddings, embeddingDim], got ${fmtShape(weight.shape)}`);
  }
  if (!isFloat(weight.dtype)) throw new DTypeError(`${label}: weight must be float, got ${weight.dtype}`);
  const [num, dim] = weight.shape as [number, number];
  const padding = normalizePaddingIdx(label, paddingIdx, num);
  const flat = reshape(input, [input.numel()]);
  const bad = kernels().firstOutOfRange(flat.data as Int32Array, num);
  if (bad >= 0) {
    const at = input.ndim === 0 ? '' : ` (at flat position ${bad} of indices ${fmtShape(input.shape)})`;
    throw new ShapeError(
      `${label}: index ${flat.data[bad]}${at} is out of range: valid indices are 0 to ${num - 1} ` +
        `for ${num} embeddings; check the vocabulary size the layer was built with`,
    );
  }
  let rows = indexSelect(weight, 0, flat);
  if (padding !== null && rows.requiresGrad && isGradEnabled()) {
    // Same values; the rows looked up at paddingIdx come from a detached copy, so no gradient
    // reaches that row of the weight (PyTorch's padding_idx semantics).
    rows = where(unsqueeze(ne(flat, padding), 1), rows, rows.detach());
  }
  return reshape(rows, [...input.shape, dim]);
}

/**
 * Embedding lookup, as `torch.nn.functional.embedding`: out[..., :] = weight[input[...], :].
 * The weight's gradient is a scatter-add (an index used k times gets the sum of its k output
 * gradients); the `paddingIdx` row gets none.
 *
 * Shapes: input int32 of any shape S, weight [numEmbeddings, embeddingDim] → [...S, embeddingDim].
 * @throws DTypeError for non-int32 indices; ShapeError for an index outside [0, numEmbeddings)
 *   (`embedding: index 12 (at flat position 3 of indices [2, 5]) is out of range: valid indices are 0 to 9 …`)
 * @example
 * import { embedding, tensor } from 'neurite';
 * const weight = tensor([[0, 0], [1, 2], [3, 4]]);
 * embedding(tensor([[2, 1], [0, 2]], { dtype: 'int32' }), weight).toArray();
 * // [[[3, 4], [1, 2]], [[0, 0], [3, 4]]]
 */
export function embedding(input: Tensor, weight: Tensor, { paddingIdx }: EmbeddingLookupOptions = {}): Tensor {
  return embeddingLookup('embedding', input, weight, paddingIdx);
}
