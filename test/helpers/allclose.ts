/**
 * Closeness checks used by every numeric test. "within r" follows the project's definition:
 * |a − b| ≤ r · max(|b|, floor) for every element (floor 1e-3 unless given), NaN only matches NaN,
 * ±Infinity only matches itself.
 */
import { expect } from 'vitest';
import { type NestedArray, Tensor } from '../../src/index.js';

export type Values = Tensor | NestedArray | ArrayLike<number>;

/** Flatten a tensor, nested array or typed array to numbers (booleans as 0/1). */
export function flat(v: Values): number[] {
  if (v instanceof Tensor) return Array.from(v.data as ArrayLike<number>);
  if (typeof v === 'number' || typeof v === 'boolean') return [Number(v)];
  if (Array.isArray(v)) return (v as NestedArray[]).flatMap((x) => flat(x));
  return Array.from(v as ArrayLike<number>);
}

/**
 * The first index where two arrays' bits differ (NaN equals NaN, −0 differs from +0), or where the
 * shorter one ends when their lengths differ; −1 when they are the same. For bit-identity checks of
 * large arrays, where `toEqual` would print a diff of every value.
 */
export function firstDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Math.min(a.length, b.length);
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return i;
  return -1;
}

export interface CloseOptions {
  /** Relative tolerance r. */
  rtol?: number;
  /** The floor of the scale: |a − b| ≤ r · max(|b|, floor). */
  floor?: number;
  /** What is being compared, for the failure message. */
  label?: string;
}

/** The index and details of the first element that is not close, or null when all are. */
export function firstMismatch(actual: Values, expected: Values, { rtol = 1e-5, floor = 1e-3 }: CloseOptions = {}) {
  const a = flat(actual);
  const b = flat(expected);
  if (a.length !== b.length) return { index: -1, a: a.length, b: b.length, why: 'length' };
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as number;
    const y = b[i] as number;
    if (
      Number.isNaN(y)
        ? Number.isNaN(x)
        : !Number.isFinite(y)
          ? x === y
          : Math.abs(x - y) <= rtol * Math.max(Math.abs(y), floor)
    )
      continue;
    return { index: i, a: x, b: y, why: 'value' };
  }
  return null;
}

/** Assert `actual` is within `rtol` of `expected` elementwise (and of the same shape for tensors). */
export function expectClose(actual: Values, expected: Values, options: CloseOptions = {}): void {
  if (actual instanceof Tensor && expected instanceof Tensor) {
    expect(actual.shape, `${options.label ?? ''} shape`).toEqual(expected.shape);
  }
  const m = firstMismatch(actual, expected, options);
  if (m !== null) {
    const where = m.why === 'length' ? `lengths ${m.a} vs ${m.b}` : `element ${m.index}: ${m.a} vs expected ${m.b}`;
    expect.fail(`${options.label ?? 'values'} not within rtol ${options.rtol ?? 1e-5}: ${where}`);
  }
}
