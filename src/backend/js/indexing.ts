/**
 * JS reference indexing kernels (gather, indexSelect and their scatter-add adjoints), part of
 * `jsMovement`. Indices are validated by the ops before these run.
 */
import { numel, type Shape, stridesOf } from '../../shape.js';
import type { MovementKernels } from '../kernels/movement.js';
import { like } from './broadcast.js';

/** Rows at least this long are copied with TypedArray.set (one memcpy) instead of a loop. */
const BLOCK_COPY_MIN = 32;

/** View `shape` as [outer, n, inner] around `axis`. */
export function aroundAxis(shape: Shape, axis: number): [number, number, number] {
  let outer = 1;
  for (let d = 0; d < axis; d++) outer *= shape[d] as number;
  let inner = 1;
  for (let d = axis + 1; d < shape.length; d++) inner *= shape[d] as number;
  return [outer, shape[axis] as number, inner];
}

/**
 * Call `f(i, off)` for every position i (row-major) of `shape`, where off = Σ coord[d]·strides[d]
 * is tracked incrementally (an odometer) instead of being recomputed per element.
 */
export function forEachOffset(shape: Shape, strides: readonly number[], f: (i: number, off: number) => void): void {
  const n = numel(shape);
  const nd = shape.length;
  const idx = new Array<number>(nd).fill(0);
  let off = 0;
  for (let i = 0; i < n; i++) {
    f(i, off);
    for (let d = nd - 1; d >= 0; d--) {
      idx[d] = (idx[d] as number) + 1;
      off += strides[d] as number;
      if ((idx[d] as number) < (shape[d] as number)) break;
      off -= (strides[d] as number) * (shape[d] as number);
      idx[d] = 0;
    }
  }
}

/** Strides of `shape` with the one of `axis` set to 0 (gather/scatter add it from the index). */
function stridesWithoutAxis(shape: Shape, axis: number): [number[], number] {
  const st = stridesOf(shape);
  const axisStride = st[axis] as number;
  st[axis] = 0;
  return [st, axisStride];
}

export const jsIndexing: Pick<
  MovementKernels,
  'indexSelect' | 'indexAdd' | 'gather' | 'scatterAdd' | 'firstOutOfRange'
> = {
  indexSelect(x, shape, axis, index) {
    const [outer, n, inner] = aroundAxis(shape, axis);
    const m = index.length;
    const out = like(x, outer * m * inner);
    for (let o = 0; o < outer; o++) {
      for (let j = 0; j < m; j++) {
        const src = (o * n + (index[j] as number)) * inner;
        const dst = (o * m + j) * inner;
        // a long row (an image of a batch) is one block copy; a short one is cheaper as a loop
        if (inner >= BLOCK_COPY_MIN) out.set(x.subarray(src, src + inner), dst);
        else for (let i = 0; i < inner; i++) out[dst + i] = x[src + i] as number;
      }
    }
    return out;
  },

  indexAdd(src, shape, axis, index) {
    const [outer, n, inner] = aroundAxis(shape, axis);
    const m = index.length;
    const out = like(src, outer * n * inner);
    for (let o = 0; o < outer; o++) {
      for (let j = 0; j < m; j++) {
        const dst = (o * n + (index[j] as number)) * inner;
        const from = (o * m + j) * inner;
        for (let i = 0; i < inner; i++) out[dst + i] = (out[dst + i] as number) + (src[from + i] as number);
      }
    }
    return out;
  },

  gather(x, shape, axis, index, indexShape) {
    const out = like(x, index.length);
    const [st, axisStride] = stridesWithoutAxis(shape, axis);
    forEachOffset(indexShape, st, (i, off) => {
      out[i] = x[off + (index[i] as number) * axisStride] as number;
    });
    return out;
  },

  scatterAdd(src, index, indexShape, axis, shape) {
    const out = like(src, numel(shape));
    const [st, axisStride] = stridesWithoutAxis(shape, axis);
    forEachOffset(indexShape, st, (i, off) => {
      const dst = off + (index[i] as number) * axisStride;
      out[dst] = (out[dst] as number) + (src[i] as number);
    });
    return out;
  },

  firstOutOfRange(index, size) {
    for (let i = 0; i < index.length; i++) {
      const v = index[i] as number;
      if (v < 0 || v >= size) return i;
    }
    return -1;
  },
};
