/**
 * The broadcasting loop shared by the JS reference's binary kernels: walks the output in
 * row-major order while tracking the matching offsets in `a` and `b` (stride 0 along
 * broadcast dimensions). Fast paths for equal shapes, a scalar operand and an operand repeated
 * along leading dimensions (a bias row); each visits the same pairs as the walk, so the results are
 * identical. `broadcastTernary` is the same walk over three operands.
 */
import { allocate, dtypeOf, type TypedArray } from '../../dtype.js';
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
  // [N, C] with [C] (or [1, C]): b repeats every b.length outputs, e.g. adding a bias to a batch.
  if (b.length > 0 && shapesEqual(aShape, outShape) && isTrailingBlock(bShape, outShape)) {
    const m = b.length;
    for (let i = 0; i < n; i += m) for (let j = 0; j < m; j++) out[i + j] = f(a[i + j] as number, b[j] as number);
    return out;
  }
  if (a.length > 0 && shapesEqual(bShape, outShape) && isTrailingBlock(aShape, outShape)) {
    const m = a.length;
    for (let i = 0; i < n; i += m) for (let j = 0; j < m; j++) out[i + j] = f(a[j] as number, b[i + j] as number);
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
 * True when `shape`, broadcast to `outShape`, only repeats along leading dimensions: apart from
 * leading 1s it equals the trailing dimensions of `outShape` ([C] or [1, C] in [N, C]). Then its
 * element for output position i is i mod its length.
 */
export function isTrailingBlock(shape: Shape, outShape: Shape): boolean {
  const off = outShape.length - shape.length;
  if (off < 0) return false;
  let i = 0;
  while (i < shape.length && shape[i] === 1) i++; // leading 1s broadcast like missing dims
  for (; i < shape.length; i++) if (shape[i] !== outShape[i + off]) return false;
  return true;
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

/** A new zero-filled array of the same type as `x` with `n` elements (see `allocate`). */
export function like<T extends TypedArray>(x: T, n: number): T {
  return allocate(dtypeOf(x), n) as T;
}

/** y[i] = f(x[i]) into a new array of x's type. */
export function mapUnary<T extends TypedArray>(x: T, f: (v: number) => number): T {
  const out = like(x, x.length);
  for (let i = 0; i < x.length; i++) out[i] = f(x[i] as number);
  return out;
}
