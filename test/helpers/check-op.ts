/**
 * `checkOp`: the one-line test every op gets. For each case (a list of input shapes):
 * 1. float32 forward ≈ float64 forward (the float64 run is the reference precision);
 * 2. optionally, float64 forward ≈ a plain-JS reference (elementwise `reference(x, y…)` applied
 *    with broadcasting, or a whole-tensor `referenceTensor` returning values);
 * 3. finite-difference gradcheck in float64;
 * 4. every registered backend's float32 result is as close to the float64 result as the reference's (1.).
 */
import { expect } from 'vitest';
import { getBackend, listBackends, noGrad, Rng, type Shape, setBackend, type Tensor, tensor } from '../../src/index.js';
import { expectClose } from './allclose.js';
import { gradcheck } from './gradcheck.js';

export interface CheckOpOptions {
  /** One entry per case: the shapes of the op's tensor inputs. */
  shapes: Shape[][];
  /** Sample range of inputs, or a sampler (default uniform in [-2, 2]). */
  domain?: [number, number] | ((rng: Rng, input: number) => number);
  /** Elementwise float64 reference: output[i] = reference(inputs broadcast at i). */
  reference?: (...xs: number[]) => number;
  /** Whole-tensor reference: returns the expected output values (flat, row-major) and shape. */
  referenceTensor?: (...xs: Tensor[]) => { values: ArrayLike<number>; shape: Shape };
  /** Skip the gradient check (ops without gradient: comparisons, argmax). */
  noGrad?: boolean;
  /** float32 vs float64 tolerance (default 1e-4 relative, floor 1e-3). */
  rtol32?: number;
  /** gradcheck tolerances. */
  gradAtol?: number;
  gradRtol?: number;
  seed?: number;
}

export function checkOp(name: string, fn: (...xs: Tensor[]) => Tensor, options: CheckOpOptions): void {
  const rng = new Rng(options.seed ?? 1);
  const domain = options.domain ?? [-2, 2];
  const sample =
    typeof domain === 'function' ? (i: number) => domain(rng, i) : (_: number) => rng.uniform(domain[0], domain[1]);
  options.shapes.forEach((shapes, c) => {
    const label = `${name} case ${c} ${JSON.stringify(shapes)}`;
    const x64 = shapes.map((s, i) => {
      const n = s.reduce((a, b) => a * b, 1);
      return tensor(
        Float64Array.from({ length: n }, () => sample(i)),
        { shape: s },
      );
    });
    const out64 = noGrad(() => fn(...x64));
    expect(out64.dtype, `${label}: float64 in → float64 out`).toBe('float64');
    const x32 = x64.map((t) => t.to('float32'));
    const out32 = noGrad(() => fn(...x32));
    expect(out32.dtype, `${label}: float32 in → float32 out`).toBe('float32');
    expectClose(out32, out64, { rtol: options.rtol32 ?? 1e-4, label: `${label} float32 vs float64` });

    if (options.reference) {
      const ref = options.reference;
      const expected = noGrad(() => broadcastApply(ref, x64, out64.shape));
      expectClose(out64, expected, { rtol: 1e-10, floor: 1e-10, label: `${label} vs reference` });
    }
    if (options.referenceTensor) {
      const { values, shape } = options.referenceTensor(...x64);
      expect(out64.shape, `${label} reference shape`).toEqual(shape);
      expectClose(out64, values, { rtol: 1e-9, floor: 1e-9, label: `${label} vs reference` });
    }
    if (!options.noGrad) {
      gradcheck(fn, x64, { label, atol: options.gradAtol ?? 1e-5, rtol: options.gradRtol ?? 1e-3 });
    }
    const current = getBackend();
    try {
      for (const b of listBackends()) {
        setBackend(b);
        const outB = noGrad(() => fn(...x32));
        // A backend may round differently from the reference (the WASM GEMM sums in float32), so
        // it must meet the reference's float32 accuracy against the float64 result, not its bits.
        expectClose(outB, out64, { rtol: options.rtol32 ?? 1e-4, label: `${label} backend ${b} vs float64` });
      }
    } finally {
      setBackend(current);
    }
  });
}

/** Apply a scalar function to inputs broadcast to `outShape` (reference implementation). */
function broadcastApply(f: (...xs: number[]) => number, xs: Tensor[], outShape: Shape): Tensor {
  const n = outShape.reduce((a, b) => a * b, 1);
  const out = new Float64Array(n);
  const idx = new Array<number>(outShape.length).fill(0);
  for (let i = 0; i < n; i++) {
    let r = i;
    for (let d = outShape.length - 1; d >= 0; d--) {
      idx[d] = r % (outShape[d] as number);
      r = Math.floor(r / (outShape[d] as number));
    }
    const args = xs.map((x) => {
      let off = 0;
      let stride = 1;
      for (let d = x.ndim - 1; d >= 0; d--) {
        const size = x.shape[d] as number;
        const j = size === 1 ? 0 : (idx[d + outShape.length - x.ndim] as number);
        off += j * stride;
        stride *= size;
      }
      return x.data[off] as number;
    });
    out[i] = f(...args);
  }
  return tensor(out, { shape: outShape });
}
