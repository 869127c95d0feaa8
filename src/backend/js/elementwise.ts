/** JS reference elementwise kernels: plain loops, the oracle for faster backends. */
import type { TypedArray } from '../../dtype.js';
import type { Shape } from '../../shape.js';
import type { BinaryKernel, ElementwiseKernels } from '../kernels/elementwise.js';
import { broadcastBinary, like, mapUnary } from './broadcast.js';

function binary(f: (x: number, y: number) => number): BinaryKernel {
  return (a: TypedArray, aShape: Shape, b: TypedArray, bShape: Shape, outShape: Shape) => {
    let n = 1;
    for (const d of outShape) n *= d;
    return broadcastBinary(a, aShape, b, bShape, outShape, like(a, n), f);
  };
}

export const jsElementwise: ElementwiseKernels = {
  add: binary((x, y) => x + y),
  sub: binary((x, y) => x - y),
  mul: binary((x, y) => x * y),
  // Integer division truncates toward zero when written to an Int32Array, as torch's trunc mode.
  div: binary((x, y) => x / y),
  neg: (x) => mapUnary(x, (v) => -v),
  exp: (x) => mapUnary(x, Math.exp),
  log: (x) => mapUnary(x, Math.log),
};
