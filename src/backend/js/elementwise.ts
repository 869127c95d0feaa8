/** JS reference elementwise kernels: plain loops, the oracle for faster backends. */
import type { TypedArray } from '../../dtype.js';
import type { Shape } from '../../shape.js';
import { numel, shapesEqual } from '../../shape.js';
import type { BinaryKernel, CompareKernel, ElementwiseKernels, TriangleKernel } from '../kernels/elementwise.js';
import { broadcastBinary, broadcastTernary, isTrailingBlock, like, mapUnary } from './broadcast.js';

function binary(f: (x: number, y: number) => number): BinaryKernel {
  return (a: TypedArray, aShape: Shape, b: TypedArray, bShape: Shape, outShape: Shape) =>
    broadcastBinary(a, aShape, b, bShape, outShape, like(a, numel(outShape)), f);
}

/**
 * Arithmetic in every model's inner loop (a bias add, a division by a count) gets its common
 * layouts written out: `a` already has the output's shape and `b` repeats every m outputs (m = n
 * for equal shapes, 1 for a scalar, the row length for a bias). `rows` is that loop, with the
 * operator inline instead of a call per element; other layouts use the general walk with `f`.
 */
function arithmetic(
  f: (x: number, y: number) => number,
  rows: (out: TypedArray, a: TypedArray, b: TypedArray, n: number, m: number) => void,
): BinaryKernel {
  const general = binary(f);
  return (a, aShape, b, bShape, outShape) => {
    if (b.length === 0 || !shapesEqual(aShape, outShape) || !isTrailingBlock(bShape, outShape)) {
      return general(a, aShape, b, bShape, outShape);
    }
    const out = like(a, a.length);
    rows(out, a, b, a.length, b.length);
    return out;
  };
}

function compare(f: (x: number, y: number) => boolean): CompareKernel {
  return (a: TypedArray, aShape: Shape, b: TypedArray, bShape: Shape, outShape: Shape) =>
    broadcastBinary(a, aShape, b, bShape, outShape, new Uint8Array(numel(outShape)), (x, y) => (f(x, y) ? 1 : 0));
}

/** Keep x[…, i, j] where keep(j − i) holds, for every matrix in the last two dims. */
function triangle(keep: (offset: number, diagonal: number) => boolean): TriangleKernel {
  return (x: TypedArray, shape: Shape, diagonal: number) => {
    const rows = shape[shape.length - 2] as number;
    const cols = shape[shape.length - 1] as number;
    const out = like(x, x.length);
    if (rows * cols === 0) return out;
    for (let base = 0; base < x.length; base += rows * cols) {
      for (let i = 0; i < rows; i++) {
        for (let j = 0; j < cols; j++) {
          const at = base + i * cols + j;
          if (keep(j - i, diagonal)) out[at] = x[at] as number;
        }
      }
    }
    return out;
  };
}

export const jsElementwise: ElementwiseKernels = {
  add: arithmetic(
    (x, y) => x + y,
    (out, a, b, n, m) => {
      for (let i = 0; i < n; i += m) for (let j = 0; j < m; j++) out[i + j] = (a[i + j] as number) + (b[j] as number);
    },
  ),
  sub: arithmetic(
    (x, y) => x - y,
    (out, a, b, n, m) => {
      for (let i = 0; i < n; i += m) for (let j = 0; j < m; j++) out[i + j] = (a[i + j] as number) - (b[j] as number);
    },
  ),
  mul: arithmetic(
    (x, y) => x * y,
    (out, a, b, n, m) => {
      for (let i = 0; i < n; i += m) for (let j = 0; j < m; j++) out[i + j] = (a[i + j] as number) * (b[j] as number);
    },
  ),
  // Integer division truncates toward zero when written to an Int32Array, as torch's trunc mode.
  div: arithmetic(
    (x, y) => x / y,
    (out, a, b, n, m) => {
      for (let i = 0; i < n; i += m) for (let j = 0; j < m; j++) out[i + j] = (a[i + j] as number) / (b[j] as number);
    },
  ),
  // Int32Array truncates 2 ** -1 = 0.5 to 0, as PyTorch's integer pow does for negative exponents.
  pow: binary(Math.pow),
  maximum: binary(Math.max), // Math.max/min already propagate NaN, as torch.maximum/minimum
  minimum: binary(Math.min),
  neg: (x) => mapUnary(x, (v) => -v),
  exp: (x) => mapUnary(x, Math.exp),
  log: (x) => mapUnary(x, Math.log),
  sqrt: (x) => mapUnary(x, Math.sqrt),
  abs: (x) => mapUnary(x, Math.abs),
  // ±0 → 0 and NaN → NaN (NumPy's choice; it keeps NaNs visible).
  sign: (x) => mapUnary(x, (v) => (v > 0 ? 1 : v < 0 ? -1 : v === 0 ? 0 : v)),
  clamp: (x, min, max) => mapUnary(x, (v) => Math.min(Math.max(v, min), max)),
  eq: compare((x, y) => x === y),
  ne: compare((x, y) => x !== y),
  lt: compare((x, y) => x < y),
  le: compare((x, y) => x <= y),
  gt: compare((x, y) => x > y),
  ge: compare((x, y) => x >= y),
  where: (cond, condShape, a, aShape, b, bShape, outShape) =>
    broadcastTernary(cond, condShape, a, aShape, b, bShape, outShape, like(a, numel(outShape)), (c, x, y) =>
      c !== 0 ? x : y,
    ),
  tril: triangle((offset, diagonal) => offset <= diagonal),
  triu: triangle((offset, diagonal) => offset >= diagonal),
};
