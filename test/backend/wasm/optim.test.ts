/**
 * The WASM optimizer kernels against the JS reference: the same float32 bits at awkward sizes
 * (SIMD body plus scalar tail), with every option of Adam's update, and the fallbacks; with the
 * moments in the state arena (updated in place there) and outside it (copied in and out).
 */
import { describe, expect, it } from 'vitest';
import { jsOptim } from '../../../src/backend/js/optim.js';
import type { AdamScalars, OptimKernels } from '../../../src/backend/kernels/optim.js';
import { createArena } from '../../../src/backend/wasm/arena.js';
import { createRuntime, probeFeatures } from '../../../src/backend/wasm/module.js';
import { createOptim, WASM_MIN_OPTIM } from '../../../src/backend/wasm/optim.js';
import { Rng } from '../../../src/random.js';

const rt = createRuntime(probeFeatures());
if (rt === null) throw new Error('WebAssembly SIMD is missing in this Node: the WASM backend cannot be tested');
const wasm = createOptim(rt, null);
const arena = createArena(rt);
const resident = createOptim(rt, arena);
const rng = new Rng(8);
const random = (n: number, scale: number) => Float32Array.from({ length: n }, () => rng.uniform(-scale, scale));

const base: AdamScalars = {
  beta1: 0.9,
  oneMinusBeta1: 1 - 0.9,
  beta2: 0.999,
  oneMinusBeta2: 1 - 0.999,
  stepSize: 1e-3 / (1 - 0.9 ** 3),
  bias2Sqrt: Math.sqrt(1 - 0.999 ** 3),
  eps: 1e-8,
  gradScale: 1,
  l2: 0,
  decay: 1,
};
const variants: Array<[string, AdamScalars]> = [
  ['plain Adam', base],
  ['Adam with L2 weight decay, maximizing', { ...base, l2: 0.01, gradScale: -1 }],
  ['AdamW decay, beta1 0.5 (the GAN recipe)', { ...base, beta1: 0.5, oneMinusBeta1: 0.5, decay: 1 - 1e-3 * 0.01 }],
];

/**
 * `steps` Adam steps with random gradients through `kernels` on (param, m, v) and through the JS
 * reference on copies of them: the same bits for all three afterwards.
 */
function expectReferenceBits(
  kernels: OptimKernels,
  [param, m, v]: [Float32Array, Float32Array, Float32Array],
  s: AdamScalars,
  steps: number,
): void {
  const [p2, m2, v2] = [param.slice(), m.slice(), v.slice()];
  for (let step = 0; step < steps; step++) {
    const grad = random(param.length, 1);
    kernels.adamStep(param, grad, m, v, s);
    jsOptim.adamStep(p2, grad, m2, v2, s);
  }
  expect(param).toEqual(p2);
  expect(m).toEqual(m2);
  expect(v).toEqual(v2);
}

describe('WASM adamStep', () => {
  for (const n of [1, 3, 5, 17, WASM_MIN_OPTIM, 33, 129, 1000]) {
    for (const [name, s] of variants) {
      it(`${name}, n = ${n}: the reference's bits for param, m and v over 3 steps`, () => {
        expectReferenceBits(wasm, [random(n, 2), random(n, 0.1), random(n, 0.01).map(Math.abs)], s, 3);
      });
    }
  }

  it('float64 parameters update in float64 (the reference)', () => {
    const param = Float64Array.of(1, 2, 3, 4).map((x) => x / 3);
    const want = param.slice();
    const grad = Float64Array.of(0.1, -0.2, 0.3, -0.4);
    wasm.adamStep(param, grad, new Float64Array(4), new Float64Array(4), base);
    jsOptim.adamStep(want, grad, new Float64Array(4), new Float64Array(4), base);
    expect(param).toEqual(want);
  });
});

describe('WASM adamStep with the moments in the state arena', () => {
  it('stateZeros: zero-filled arrays in the arena for float32 parameters, plain ones for small or float64', () => {
    const m = resident.stateZeros(new Float32Array(WASM_MIN_OPTIM));
    expect(m).toBeInstanceOf(Float32Array);
    expect(m.every((v) => v === 0)).toBe(true);
    expect(arena?.holds(m)).toBe(true);
    expect(arena?.holds(resident.stateZeros(new Float32Array(WASM_MIN_OPTIM - 1)))).toBe(false);
    const m64 = resident.stateZeros(new Float64Array(100));
    expect(m64).toBeInstanceOf(Float64Array);
    expect(arena?.holds(m64)).toBe(false);
    expect(arena?.holds(wasm.stateZeros(new Float32Array(100)))).toBe(false); // no arena: plain
  });

  for (const n of [WASM_MIN_OPTIM, 33, 129, 1000]) {
    for (const [name, s] of variants) {
      it(`${name}, n = ${n}: the reference's bits for param, m and v over 3 steps, m and v updated in place`, () => {
        const param = random(n, 2);
        const moments = () => resident.stateZeros(param) as Float32Array;
        expectReferenceBits(resident, [param, moments(), moments()], s, 3);
      });
    }
  }

  it('moments of which only one is in the arena are copied in and out (same bits)', () => {
    const param = random(200, 2);
    expectReferenceBits(resident, [param, resident.stateZeros(param) as Float32Array, new Float32Array(200)], base, 2);
  });
});
