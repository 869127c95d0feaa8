/**
 * JS reference reduction kernels. Every kernel first maps each input position to its group (the
 * output position it reduces into, `groupIndex`), then folds with a plain loop over the input.
 * Sums accumulate in float64 so float32 reductions of many terms keep their precision.
 */
import { allocate, type TypedArray } from '../../dtype.js';
import { numel, type Shape } from '../../shape.js';
import type { ReduceKernels } from '../kernels/reduce.js';
import { like } from './broadcast.js';

/** Number of groups (output elements) when reducing `shape` over `axes`. */
function groupCount(shape: Shape, axes: readonly number[]): number {
  return numel(shape.filter((_, i) => !axes.includes(i)));
}

/** Number of elements in each group: the product of the reduced sizes (1 for a scalar). */
function groupSize(shape: Shape, axes: readonly number[]): number {
  return numel(axes.map((a) => shape[a] ?? 1));
}

/**
 * For every input position (row-major), the flat index of its group in the reduced output.
 * An odometer over the input that moves the output offset by the output stride of each dimension
 * (0 along reduced axes).
 */
export function groupIndex(shape: Shape, axes: readonly number[]): Int32Array {
  const nd = shape.length;
  const outStride = new Array<number>(nd).fill(0);
  let s = 1;
  for (let d = nd - 1; d >= 0; d--) {
    if (!axes.includes(d)) {
      outStride[d] = s;
      s *= shape[d] as number;
    }
  }
  const group = new Int32Array(numel(shape));
  const idx = new Array<number>(nd).fill(0);
  let o = 0;
  for (let i = 0; i < group.length; i++) {
    group[i] = o;
    for (let d = nd - 1; d >= 0; d--) {
      idx[d] = (idx[d] as number) + 1;
      o += outStride[d] as number;
      if ((idx[d] as number) < (shape[d] as number)) break;
      o -= (outStride[d] as number) * (shape[d] as number);
      idx[d] = 0;
    }
  }
  return group;
}

/**
 * Fold `x` over `axes` with `step(acc, v)` starting from `init`; returns the reduced values in
 * the order of the remaining dimensions, in `out` (default: a new array of x's type).
 */
export function reduceAxes(
  x: TypedArray,
  shape: Shape,
  axes: readonly number[],
  init: number,
  step: (acc: number, v: number) => number,
  out: TypedArray = like(x, groupCount(shape, axes)),
): TypedArray {
  const acc = new Float64Array(out.length).fill(init);
  const run = contiguousRun(shape, axes);
  if (run !== null) {
    // x viewed as [outer, reduced, inner]: group o·inner + j folds r = 0, 1, … in order, exactly
    // the order of the row-major walk below, without building the group index.
    const { outer, reduced, inner } = run;
    for (let o = 0; o < outer; o++) {
      for (let r = 0; r < reduced; r++) {
        const base = (o * reduced + r) * inner;
        for (let j = 0; j < inner; j++) {
          const g = o * inner + j;
          acc[g] = step(acc[g] as number, x[base + j] as number);
        }
      }
    }
  } else {
    const group = groupIndex(shape, axes);
    for (let i = 0; i < x.length; i++) {
      const g = group[i] as number;
      acc[g] = step(acc[g] as number, x[i] as number);
    }
  }
  for (let i = 0; i < out.length; i++) out[i] = acc[i] as number;
  return out;
}

/**
 * When `axes` (sorted) are one run of adjacent dimensions, the sizes before, in and after it
 * (e.g. [N, C] over axis 0 → outer 1, reduced N, inner C); otherwise null.
 * @example contiguousRun([4, 3], [0]) // { outer: 1, reduced: 4, inner: 3 }
 */
export function contiguousRun(shape: Shape, axes: readonly number[]) {
  if (axes.length === 0) return null;
  const first = axes[0] as number;
  for (let i = 1; i < axes.length; i++) if (axes[i] !== first + i) return null;
  const last = first + axes.length - 1;
  let outer = 1;
  let reduced = 1;
  let inner = 1;
  shape.forEach((d, i) => {
    if (i < first) outer *= d;
    else if (i <= last) reduced *= d;
    else inner *= d;
  });
  return { outer, reduced, inner };
}

/** acc[i] += v (spelled out for noUncheckedIndexedAccess). */
function addAt(acc: Float64Array, i: number, v: number): void {
  acc[i] = (acc[i] as number) + v;
}

// NaN wins against everything, so that it propagates (torch.amax / amin).
const larger = (a: number, v: number): number => (v > a || Number.isNaN(v) ? v : a);
const smaller = (a: number, v: number): number => (v < a || Number.isNaN(v) ? v : a);

/**
 * Index along `axis` of the first extreme per group: the largest with `sign` 1, the smallest with
 * −1 (v replaces best when sign·v > sign·best, or v is the first NaN: NaN wins, as in torch).
 * The comparison is written out, not passed as a function: metrics call this on every epoch's
 * outputs.
 */
function argExtreme(x: TypedArray, shape: Shape, axis: number, sign: 1 | -1): Int32Array {
  // x viewed as [outer, size, inner]: group o·inner + j compares r = 0, 1, … in order, so strict
  // comparisons keep the first tie.
  const size = shape[axis] ?? 1;
  const outer = numel(shape.slice(0, axis));
  const inner = numel(shape.slice(axis + 1));
  const best = allocate('float64', outer * inner);
  const out = new Int32Array(outer * inner);
  for (let o = 0; o < outer; o++) {
    for (let r = 0; r < size; r++) {
      const base = (o * size + r) * inner;
      for (let j = 0; j < inner; j++) {
        const g = o * inner + j;
        const v = x[base + j] as number;
        const b = best[g] as number;
        if (r === 0 || sign * v > sign * b || (Number.isNaN(v) && !Number.isNaN(b))) {
          best[g] = v;
          out[g] = r;
        }
      }
    }
  }
  return out;
}

/** Per-group mean and Σ (x − mean)², in float64: the two passes of a numerically sound variance. */
function moments(x: TypedArray, shape: Shape, axes: readonly number[]) {
  const group = groupIndex(shape, axes);
  const count = groupSize(shape, axes);
  const mean = new Float64Array(groupCount(shape, axes));
  for (let i = 0; i < x.length; i++) addAt(mean, group[i] as number, x[i] as number);
  for (let g = 0; g < mean.length; g++) mean[g] = (mean[g] as number) / count;
  const squares = new Float64Array(mean.length);
  for (let i = 0; i < x.length; i++) {
    const g = group[i] as number;
    const d = (x[i] as number) - (mean[g] as number);
    addAt(squares, g, d * d);
  }
  return { group, count, mean, squares };
}

function variance(x: TypedArray, shape: Shape, axes: readonly number[], correction: number, root: boolean) {
  const { count, squares } = moments(x, shape, axes);
  const out = like(x, squares.length);
  for (let g = 0; g < out.length; g++) {
    const v = (squares[g] as number) / (count - correction); // N − correction = 0 gives NaN, as PyTorch
    out[g] = root ? Math.sqrt(v) : v;
  }
  return out;
}

/** Σ over `axes`: as `reduceAxes` with +, and written out for adjacent axes (the usual case). */
function sum(x: TypedArray, shape: Shape, axes: readonly number[]): TypedArray {
  const run = contiguousRun(shape, axes);
  if (run === null) return reduceAxes(x, shape, axes, 0, (a, v) => a + v);
  const { outer, reduced, inner } = run;
  const acc = allocate('float64', outer * inner);
  for (let o = 0; o < outer; o++) {
    for (let r = 0; r < reduced; r++) {
      const base = (o * reduced + r) * inner;
      const to = o * inner;
      for (let j = 0; j < inner; j++) acc[to + j] = (acc[to + j] as number) + (x[base + j] as number);
    }
  }
  const out = like(x, acc.length);
  for (let i = 0; i < acc.length; i++) out[i] = acc[i] as number;
  return out;
}

/** Whether x[i] holds its group's extreme (NaN matches NaN). */
function isExtreme(x: TypedArray, i: number, extreme: TypedArray, group: Int32Array): boolean {
  const v = x[i] as number;
  const e = extreme[group[i] as number] as number;
  return v === e || (Number.isNaN(v) && Number.isNaN(e));
}

export const jsReduce: ReduceKernels = {
  sum,
  max: (x, shape, axes) => reduceAxes(x, shape, axes, -Infinity, larger),
  min: (x, shape, axes) => reduceAxes(x, shape, axes, Infinity, smaller),

  tieWeights: (x, shape, axes, extreme) => {
    const group = groupIndex(shape, axes);
    const ties = new Float64Array(extreme.length);
    for (let i = 0; i < x.length; i++) if (isExtreme(x, i, extreme, group)) addAt(ties, group[i] as number, 1);
    const out = like(x, x.length);
    for (let i = 0; i < x.length; i++) {
      out[i] = isExtreme(x, i, extreme, group) ? 1 / (ties[group[i] as number] as number) : 0;
    }
    return out;
  },

  logSumExp: (x, shape, axes) => {
    const group = groupIndex(shape, axes);
    const m = new Float64Array(groupCount(shape, axes)).fill(-Infinity);
    for (let i = 0; i < x.length; i++) {
      const g = group[i] as number;
      if ((x[i] as number) > (m[g] as number)) m[g] = x[i] as number;
    }
    // Shift by the max so exp never overflows; an infinite max (all −inf, or any +inf) needs no
    // shift: exp gives 0 or +inf and the log returns that infinity. NaN reaches the sum and propagates.
    const shift = Array.from(m, (v) => (Number.isFinite(v) ? v : 0));
    const s = new Float64Array(m.length);
    for (let i = 0; i < x.length; i++) {
      const g = group[i] as number;
      addAt(s, g, Math.exp((x[i] as number) - (shift[g] as number)));
    }
    const out = like(x, m.length);
    for (let g = 0; g < out.length; g++) out[g] = (shift[g] as number) + Math.log(s[g] as number);
    return out;
  },

  argmax: (x, shape, axis) => argExtreme(x, shape, axis, 1),
  argmin: (x, shape, axis) => argExtreme(x, shape, axis, -1),

  variance: (x, shape, axes, correction) => variance(x, shape, axes, correction, false),
  std: (x, shape, axes, correction) => variance(x, shape, axes, correction, true),

  momentBackward: (x, shape, axes, correction, grad, std) => {
    const { group, count, mean } = moments(x, shape, axes);
    const dof = count - correction;
    const coef = Array.from(grad, (g, j) => {
      if (std === null) return (2 * g) / dof;
      const s = std[j] as number;
      return s === 0 ? 0 : g / (dof * s); // PyTorch masks the std gradient to 0 where std is 0
    });
    const out = like(x, x.length);
    for (let i = 0; i < x.length; i++) {
      const g = group[i] as number;
      out[i] = (coef[g] as number) * ((x[i] as number) - (mean[g] as number));
    }
    return out;
  },
};
