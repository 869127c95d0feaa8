/**
 * The op table: every public op, by family. Importing this module also wires the Tensor
 * methods (`x.add(y)`), which each family file attaches to `Tensor.prototype`.
 */
export * from './activation.js';
export * from './compare.js';
export * from './concat.js';
export * from './conv.js';
export { defineMultiOp, defineOp, type TensorLike, toTensor } from './define.js';
export * from './elementwise.js';
export { type EmbeddingLookupOptions, embedding } from './embedding.js';
export * from './indexing.js';
export * from './loss.js';
export { lstmSequence } from './lstm-sequence.js';
export * from './math.js';
export * from './matmul.js';
export * from './movement.js';
export { type BatchNormOptions, batchNorm, layerNorm } from './norm.js';
export {
  type AvgPoolOptions,
  adaptiveAvgPool1d,
  adaptiveAvgPool2d,
  avgPool1d,
  avgPool2d,
  type MaxPoolOptions,
  maxPool1d,
  maxPool2d,
  poolOutputSize,
} from './pool.js';
export { fusedGruCell, fusedLstmCell } from './recurrent.js';
export * from './reduce.js';
export * from './softmax.js';
