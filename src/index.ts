/**
 * neurite — deep learning in TypeScript. The public entry: named re-exports only; everything
 * here runs in browsers as well as Node.js (Node-only helpers live in `neurite/node`).
 */
export { backward, isGradEnabled, noGrad } from './autograd.js';
export {
  type Backend,
  getBackend,
  getNumThreads,
  type Kernels,
  listBackends,
  registerBackend,
  setBackend,
  setNumThreads,
} from './backend/backend.js';
export * from './creation.js';
export * from './data/index.js';
export type { DType, FloatArray, TypedArray } from './dtype.js';
export { AutogradError, DTypeError, NeuriteError, ShapeError, ValueError } from './errors.js';
export * from './nn/index.js';
export * from './ops/index.js';
export * from './optim/index.js';
export { manualSeed, Rng } from './random.js';
export type { Shape } from './shape.js';
export { type GradNode, type NestedArray, Tensor } from './tensor.js';
export * from './train/index.js';
export { resetWarnings, setWarningHandler, type WarningHandler, warnOnce } from './warnings.js';
