/**
 * The WASM ReLU kernels against the JS reference: the same values at awkward sizes (SIMD body
 * plus scalar tail), with the special values (NaN, ±0, ±Infinity), and the fallbacks.
 */
import { describe, expect, it } from 'vitest';
import { jsActivation } from '../../../src/backend/js/activation.js';
import { createActivation, WASM_MIN_ACTIVATION } from '../../../src/backend/wasm/activation.js';
import { createRuntime, probeFeatures } from '../../../src/backend/wasm/module.js';
import { Rng } from '../../../src/random.js';

const rt = createRuntime(probeFeatures());
if (rt === null) throw new Error('WebAssembly SIMD is missing in this Node: the WASM backend cannot be tested');
const wasm = createActivation(rt);
const rng = new Rng(9);
const SPECIAL = [Number.NaN, -0, 0, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 1e-45, -1e-45];
/** Random values with the special ones sprinkled in (every 7th). */
const values = (n: number) =>
  Float32Array.from({ length: n }, (_, i) => (i % 7 === 3 ? (SPECIAL[i % SPECIAL.length] as number) : rng.normal()));

describe('WASM relu and reluGrad', () => {
  for (const n of [1, 3, 5, 17, 129, WASM_MIN_ACTIVATION, WASM_MIN_ACTIVATION + 3, 5000]) {
    it(`n = ${n}: the reference's values, forward and backward`, () => {
      const x = values(n);
      const y = wasm.relu(x, undefined);
      expect(y).toBeInstanceOf(Float32Array);
      expect(y).toEqual(jsActivation.relu(x, undefined));
      const g = values(n);
      const want = jsActivation.reluGrad(x, y, g, undefined);
      expect(wasm.reluGrad(x, y, g, undefined)).toEqual(want);
    });
  }

  it('keeps NaN, maps −0 to +0 (Object.is), and leaves its input alone', () => {
    const x = new Float32Array(WASM_MIN_ACTIVATION).fill(-0);
    x[5] = Number.NaN;
    const copy = x.slice();
    const y = wasm.relu(x, undefined);
    expect(Number.isNaN(y[5])).toBe(true);
    expect(Object.is(y[0], 0)).toBe(true);
    expect(x).toEqual(copy);
  });

  it('float64 arrays go to the reference', () => {
    const x = Float64Array.from({ length: 300 }, (_, i) => Math.sin(i) / 3);
    const y = wasm.relu(x, undefined);
    expect(y).toBeInstanceOf(Float64Array);
    expect(y).toEqual(jsActivation.relu(x, undefined));
  });
});
