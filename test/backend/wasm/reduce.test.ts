/**
 * The WASM `sum` against the JS reference: the same bits over leading axes at awkward sizes (the
 * SIMD body of `colSums` plus its scalar tail), with special values, and the fallbacks (other
 * axes, float64, small arrays).
 */
import { describe, expect, it } from 'vitest';
import { jsReduce } from '../../../src/backend/js/reduce.js';
import { createRuntime, probeFeatures } from '../../../src/backend/wasm/module.js';
import { createReduce, WASM_MIN_SUM } from '../../../src/backend/wasm/reduce.js';
import { Rng } from '../../../src/random.js';
import { firstDifference } from '../../helpers/allclose.js';

const rt = createRuntime(probeFeatures());
if (rt === null) throw new Error('WebAssembly SIMD is missing in this Node: the WASM backend cannot be tested');
const wasm = createReduce(rt);
const rng = new Rng(12);
/** Random values of mixed scale (so the float64 order matters), as float32. */
const values = (n: number) => Float32Array.from({ length: n }, (_, i) => rng.normal() * 10 ** ((i % 9) - 4));

describe('WASM sum', () => {
  const shapes: number[][] = [
    [WASM_MIN_SUM, 1],
    [1, WASM_MIN_SUM + 3],
    [4099, 3],
    [129, 37],
    [1024, 128],
    [17, 5, 129],
    [33, 7, 5, 5],
  ];
  for (const shape of shapes) {
    for (let lead = 1; lead < shape.length; lead++) {
      const axes = Array.from({ length: lead }, (_, i) => i);
      it(`[${shape}] over axes [${axes}]: the reference's bits`, () => {
        const x = values(shape.reduce((a, b) => a * b, 1));
        const got = wasm.sum(x, shape, axes);
        expect(got).toBeInstanceOf(Float32Array);
        expect(firstDifference(got, jsReduce.sum(x, shape, axes))).toBe(-1);
      });
    }
  }

  it('propagates NaN and infinities as the reference does', () => {
    const x = values(WASM_MIN_SUM * 2);
    x[5] = Number.NaN;
    x[6] = Number.POSITIVE_INFINITY;
    x[8] = Number.POSITIVE_INFINITY;
    x[8 + 64] = Number.NEGATIVE_INFINITY;
    const got = wasm.sum(x, [128, 64], [0]);
    expect(Number.isNaN(got[5])).toBe(true);
    expect(got[6]).toBe(Number.POSITIVE_INFINITY);
    expect(Number.isNaN(got[8])).toBe(true);
    expect(firstDifference(got, jsReduce.sum(x, [128, 64], [0]))).toBe(-1);
  });

  it('other axes, float64 and small arrays go to the reference (same values, same type)', () => {
    const x = values(64 * 80);
    expect(firstDifference(wasm.sum(x, [64, 80], [1]), jsReduce.sum(x, [64, 80], [1]))).toBe(-1);
    expect(firstDifference(wasm.sum(x, [4, 16, 80], [1]), jsReduce.sum(x, [4, 16, 80], [1]))).toBe(-1);
    const small = values(100);
    expect(firstDifference(wasm.sum(small, [10, 10], [0]), jsReduce.sum(small, [10, 10], [0]))).toBe(-1);
    const x64 = Float64Array.from(x);
    const got = wasm.sum(x64, [64, 80], [0]);
    expect(got).toBeInstanceOf(Float64Array);
    expect(firstDifference(got, jsReduce.sum(x64, [64, 80], [0]))).toBe(-1);
  });

  it('leaves its input alone', () => {
    const x = values(WASM_MIN_SUM);
    const copy = x.slice();
    wasm.sum(x, [64, 64], [0]);
    expect(firstDifference(x, copy)).toBe(-1);
  });
});
