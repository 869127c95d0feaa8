/** JS reference data-movement kernels; the indexing ones live in `indexing.ts`. */
import type { TypedArray } from '../../dtype.js';
import { broadcastStrides, numel, type Shape, stridesOf } from '../../shape.js';
import type { MovementKernels, PadMode } from '../kernels/movement.js';
import { isTrailingBlock, like } from './broadcast.js';
import { aroundAxis, forEachOffset, jsIndexing } from './indexing.js';

/**
 * For one dimension of `pad`: the input coordinate each output coordinate reads, or −1 where
 * the constant fills it. The op has checked that the mode's mapping lands inside [0, size).
 */
function padSourceMap(size: number, outSize: number, before: number, mode: PadMode): Int32Array {
  const map = new Int32Array(outSize);
  // Circular padding wraps around what is left after cropping negative pads, as PyTorch does.
  const after = outSize - size - before;
  const lo = Math.max(-before, 0);
  const kept = size - lo - Math.max(-after, 0);
  for (let o = 0; o < outSize; o++) {
    let i = o - before;
    if (i < 0 || i >= size) {
      if (mode === 'constant') i = -1;
      else if (mode === 'reflect') i = i < 0 ? -i : 2 * (size - 1) - i;
      else if (mode === 'replicate') i = i < 0 ? 0 : size - 1;
      else i = lo + ((((i - lo) % kept) + kept) % kept);
    }
    map[o] = i;
  }
  return map;
}

/**
 * Visit every output position of `pad` in row-major order with the input offset it reads
 * (`inside` false where the constant fills it), one dimension per recursion level.
 */
function forEachPadSource(
  shape: Shape,
  outShape: Shape,
  before: readonly number[],
  mode: PadMode,
  f: (o: number, src: number, inside: boolean) => void,
): void {
  const maps = outShape.map((n, d) => padSourceMap(shape[d] as number, n, before[d] as number, mode));
  const st = stridesOf(shape);
  let o = 0;
  const visit = (d: number, src: number, inside: boolean): void => {
    if (d === outShape.length) {
      f(o++, src, inside);
      return;
    }
    const map = maps[d] as Int32Array;
    for (let j = 0; j < map.length; j++) {
      const i = map[j] as number;
      visit(d + 1, src + Math.max(i, 0) * (st[d] as number), inside && i >= 0);
    }
  };
  visit(0, 0, true);
}

export const jsMovement: MovementKernels = {
  ...jsIndexing,

  broadcastTo(x, shape, outShape) {
    const out = like(x, numel(outShape));
    if (x.length > 0 && isTrailingBlock(shape, outShape)) {
      // x repeats every x.length outputs (a scalar, a row): copy it block by block
      if (x.length === 1) out.fill(x[0] as number);
      else for (let i = 0; i < out.length; i += x.length) out.set(x, i);
      return out;
    }
    forEachOffset(outShape, broadcastStrides(shape, outShape), (i, off) => {
      out[i] = x[off] as number;
    });
    return out;
  },

  permute(x, shape, dims) {
    const st = stridesOf(shape);
    const out = like(x, x.length);
    // Walk the output in order; each output dimension k steps the input by the stride of dims[k].
    forEachOffset(
      dims.map((d) => shape[d] as number),
      dims.map((d) => st[d] as number),
      (i, off) => {
        out[i] = x[off] as number;
      },
    );
    return out;
  },

  slice(x, shape, axis, start, step, length) {
    const [outer, n, inner] = aroundAxis(shape, axis);
    if (outer === 1 && step === 1) return x.slice(start * inner, (start + length) * inner); // one block
    const out = like(x, outer * length * inner);
    for (let o = 0; o < outer; o++) {
      for (let j = 0; j < length; j++) {
        const src = (o * n + start + j * step) * inner;
        const dst = (o * length + j) * inner;
        for (let i = 0; i < inner; i++) out[dst + i] = x[src + i] as number;
      }
    }
    return out;
  },

  sliceScatter(src, shape, axis, start, step) {
    const [outer, n, inner] = aroundAxis(shape, axis);
    const out = like(src, outer * n * inner);
    const length = outer * inner === 0 ? 0 : src.length / (outer * inner);
    for (let o = 0; o < outer; o++) {
      for (let j = 0; j < length; j++) {
        const dst = (o * n + start + j * step) * inner;
        const from = (o * length + j) * inner;
        for (let i = 0; i < inner; i++) out[dst + i] = src[from + i] as number;
      }
    }
    return out;
  },

  concat(xs, shapes, axis) {
    const first = shapes[0] as Shape;
    const outer = numel(first.slice(0, axis));
    const inner = numel(first.slice(axis + 1));
    const chunks = shapes.map((s) => (s[axis] as number) * inner);
    const total = chunks.reduce((a, b) => a + b, 0);
    const out = like(xs[0] as TypedArray, outer * total);
    let dst = 0;
    for (let o = 0; o < outer; o++) {
      xs.forEach((x, t) => {
        const len = chunks[t] as number;
        out.set(x.subarray(o * len, (o + 1) * len), dst);
        dst += len;
      });
    }
    return out;
  },

  pad(x, shape, before, outShape, mode, value) {
    const out = like(x, numel(outShape));
    forEachPadSource(shape, outShape, before, mode, (o, src, inside) => {
      out[o] = inside ? (x[src] as number) : value;
    });
    return out;
  },

  padBackward(g, outShape, shape, before, mode) {
    const out = like(g, numel(shape));
    forEachPadSource(shape, outShape, before, mode, (o, src, inside) => {
      if (inside) out[src] = (out[src] as number) + (g[o] as number);
    });
    return out;
  },
};
