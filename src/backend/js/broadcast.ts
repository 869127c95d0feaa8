/**
 * The broadcasting loop shared by the JS reference's binary kernels: walks the output in
 * row-major order while tracking the matching offsets in `a` and `b` (stride 0 along
 * broadcast dimensions). Fast paths for equal shapes and a scalar operand. `broadcastTernary` is
 * the same walk over three operands.
 */
import type { TypedArray } from '../../dtype.js';
import { broadcastStrides, numel, type Shape, shapesEqual } from '../../shape.js';

/** out[i] = f(a[ia], b[ib]) for every output position i. */
export function broadcastBinary<T extends TypedArray>(
  a: TypedArray,
  aShape: Shape,
  b: TypedArray,
  bShape: Shape,
  outShape: Shape,
  out: T,
  f: (x: number, y: number) => number,
): T {
  const n = numel(outShape);
  if (shapesEqual(aShape, outShape) && shapesEqual(bShape, outShape)) {
    for (let i = 0; i < n; i++) out[i] = f(a[i] as number, b[i] as number);
    return out;
  }
  if (b.length === 1 && shapesEqual(aShape, outShape)) {
    const y = b[0] as number;
    for (let i = 0; i < n; i++) out[i] = f(a[i] as number, y);
    return out;
  }
  if (a.length === 1 && shapesEqual(bShape, outShape)) {
    const x = a[0] as number;
    for (let i = 0; i < n; i++) out[i] = f(x, b[i] as number);
    return out;
  }
  const nd = outShape.length;
  const sa = broadcastStrides(aShape, outShape);
  const sb = broadcastStrides(bShape, outShape);
  const idx = new Array<number>(nd).fill(0);
  let ia = 0;
  let ib = 0;
  for (let i = 0; i < n; i++) {
    out[i] = f(a[ia] as number, b[ib] as number);
    // odometer increment of the output index, updating both input offsets
    for (let d = nd - 1; d >= 0; d--) {
      const size = outShape[d] as number;
      idx[d] = (idx[d] as number) + 1;
      ia += sa[d] as number;
      ib += sb[d] as number;
      if ((idx[d] as number) < size) break;
      idx[d] = 0;
      ia -= (sa[d] as number) * size;
      ib -= (sb[d] as number) * size;
    }
  }
  return out;
}

/**
 * out[i] = f(c[ic], a[ia], b[ib]) for every output position i: the three-operand version of
 * `broadcastBinary` (used by `where`). Fast path when all three already have `outShape`.
 */
export function broadcastTernary<T extends TypedArray>(
  c: TypedArray,
  cShape: Shape,
  a: TypedArray,
  aShape: Shape,
  b: TypedArray,
  bShape: Shape,
  outShape: Shape,
  out: T,
  f: (z: number, x: number, y: number) => number,
): T {
  const n = numel(outShape);
  if (shapesEqual(cShape, outShape) && shapesEqual(aShape, outShape) && shapesEqual(bShape, outShape)) {
    for (let i = 0; i < n; i++) out[i] = f(c[i] as number, a[i] as number, b[i] as number);
    return out;
  }
  const nd = outShape.length;
  const sc = broadcastStrides(cShape, outShape);
  const sa = broadcastStrides(aShape, outShape);
  const sb = broadcastStrides(bShape, outShape);
  const idx = new Array<number>(nd).fill(0);
  let ic = 0;
  let ia = 0;
  let ib = 0;
  for (let i = 0; i < n; i++) {
    out[i] = f(c[ic] as number, a[ia] as number, b[ib] as number);
    // odometer increment of the output index, updating the three input offsets
    for (let d = nd - 1; d >= 0; d--) {
      const size = outShape[d] as number;
      idx[d] = (idx[d] as number) + 1;
      ic += sc[d] as number;
      ia += sa[d] as number;
      ib += sb[d] as number;
      if ((idx[d] as number) < size) break;
      idx[d] = 0;
      ic -= (sc[d] as number) * size;
      ia -= (sa[d] as number) * size;
      ib -= (sb[d] as number) * size;
    }
  }
  return out;
}

/** A new array of the same type as `like` with `n` elements. */
export function like<T extends TypedArray>(x: T, n: number): T {
  return new (x.constructor as new (n: number) => T)(n);
}

/** y[i] = f(x[i]) into a new array of x's type. */
export function mapUnary<T extends TypedArray>(x: T, f: (v: number) => number): T {
  const out = like(x, x.length);
  for (let i = 0; i < x.length; i++) out[i] = f(x[i] as number);
  return out;
}
