/**
 * Data-movement kernels: copies that rearrange elements. Outputs are new arrays of the input's type.
 */
import type { TypedArray } from '../../dtype.js';
import type { Shape } from '../../shape.js';

export interface MovementKernels {
  /** Copy `x` (shape `shape`) broadcast to `outShape` (NumPy rules, already validated). */
  broadcastTo(x: TypedArray, shape: Shape, outShape: Shape): TypedArray;
}
