/**
 * Brute-force references for reduction tests, written independently of the kernels: every input
 * position is decoded into its multi-index, and the values of each output position are collected
 * into a plain JS list that a reference function folds.
 */
import type { Shape, Tensor } from '../../src/index.js';

export type AxisArg = number | number[] | undefined;

/** One reduction case: input shape, axis argument and keepDims. */
export interface ReduceCase {
  shape: number[];
  axis: AxisArg;
  keepDims: boolean;
}

/** Shapes, axes (single, several, negative, all) and keepDims that every reduction is tested on. */
export const REDUCE_CASES: ReduceCase[] = [
  { shape: [3, 4], axis: undefined, keepDims: false },
  { shape: [3, 4], axis: 0, keepDims: false },
  { shape: [3, 4], axis: -1, keepDims: true },
  { shape: [2, 3, 4], axis: [0, 2], keepDims: false },
  { shape: [2, 3, 4], axis: [-1, 1], keepDims: true },
  { shape: [2, 3, 4], axis: [0, 1, 2], keepDims: true },
  { shape: [2, 1, 3], axis: 1, keepDims: false },
  { shape: [2, 1, 3], axis: -3, keepDims: true },
  { shape: [5], axis: 0, keepDims: false },
  { shape: [], axis: undefined, keepDims: false },
  { shape: [], axis: 0, keepDims: true },
];

/** Label for a case in failure messages. */
export function caseLabel({ shape, axis, keepDims }: ReduceCase): string {
  return `[${shape}] axis=${JSON.stringify(axis)} keepDims=${keepDims}`;
}

/** The reduced axes of a case, resolved by hand (a scalar has none to reduce). */
export function refAxes(shape: Shape, axis: AxisArg): number[] {
  const nd = shape.length;
  if (axis === undefined) return shape.map((_, i) => i);
  const list = typeof axis === 'number' ? [axis] : axis;
  return list.map((a) => (a < 0 ? a + nd : a)).filter((a) => a < nd);
}

/** Fold every output position's group of input values with `f`. */
export function refReduce(
  x: Tensor,
  axis: AxisArg,
  keepDims: boolean,
  f: (values: number[]) => number,
): { values: number[]; shape: number[] } {
  const shape = x.shape;
  const axes = refAxes(shape, axis);
  const kept = shape.map((_, i) => i).filter((i) => !axes.includes(i));
  const outShape = keepDims ? shape.map((d, i) => (axes.includes(i) ? 1 : d)) : kept.map((i) => shape[i] as number);
  const groups = kept.reduce((n, i) => n * (shape[i] as number), 1);
  const lists: number[][] = Array.from({ length: groups }, () => []);
  for (let flat = 0; flat < x.numel(); flat++) {
    // decode the multi-index, then encode the kept coordinates row-major
    const index: number[] = [];
    let r = flat;
    for (let d = shape.length - 1; d >= 0; d--) {
      index[d] = r % (shape[d] as number);
      r = Math.floor(r / (shape[d] as number));
    }
    let o = 0;
    for (const i of kept) o = o * (shape[i] as number) + (index[i] as number);
    lists[o]?.push(x.data[flat] as number);
  }
  return { values: lists.map(f), shape: outShape };
}

export const refSum = (v: number[]): number => v.reduce((a, b) => a + b, 0);
export const refMean = (v: number[]): number => refSum(v) / v.length;
export const refVar =
  (correction: number) =>
  (v: number[]): number => {
    const m = refMean(v);
    return refSum(v.map((x) => (x - m) ** 2)) / (v.length - correction);
  };
