/**
 * The reference optimizer kernel: Adam's update as its formula says, float32 arrays with one
 * float32 rounding per operation, float64 arrays in float64.
 */
import { describe, expect, it } from 'vitest';
import { jsOptim } from '../../../src/backend/js/optim.js';
import type { AdamScalars } from '../../../src/backend/kernels/optim.js';

const scalars = (over: Partial<AdamScalars> = {}): AdamScalars => ({
  beta1: 0.9,
  oneMinusBeta1: 0.1,
  beta2: 0.999,
  oneMinusBeta2: 0.001,
  stepSize: 0.01 / (1 - 0.9),
  bias2Sqrt: Math.sqrt(1 - 0.999),
  eps: 1e-8,
  gradScale: 1,
  l2: 0,
  decay: 1,
  ...over,
});

describe('jsOptim.adamStep', () => {
  it('float64: the first step moves every weight by lr against the sign of its gradient', () => {
    const param = Float64Array.of(1, -2, 3);
    const grad = Float64Array.of(0.5, -4, 1e-3);
    const [m, v] = [new Float64Array(3), new Float64Array(3)];
    jsOptim.adamStep(param, grad, m, v, scalars());
    // m = 0.1·g and v = 0.001·g², so stepSize·m/(√v/√0.001 + eps) = lr·g/(|g| + eps): about lr = 0.01
    const moved = [0.5, -4, 1e-3].map((g) => (0.01 * g) / (Math.abs(g) + 1e-8));
    expect(Array.from(param)).toEqual([1, -2, 3].map((x, i) => expect.closeTo(x - (moved[i] as number), 12)));
    expect(Array.from(m)).toEqual([0.05, -0.4, 1e-4].map((x) => expect.closeTo(x, 12)));
    expect(Array.from(v)).toEqual([2.5e-4, 0.016, 1e-9].map((x) => expect.closeTo(x, 14)));
  });

  it('float32: every operation rounded to float32, as written', () => {
    const param = Float32Array.of(0.3, -1.7);
    const grad = Float32Array.of(0.123, 2.5);
    const m = Float32Array.of(0.01, -0.2);
    const v = Float32Array.of(1e-4, 0.3);
    const s = scalars({ l2: 0.01, stepSize: 0.003, bias2Sqrt: 0.05 });
    const f = Math.fround;
    const want = [0, 1].map((i) => {
      const p = param[i] as number;
      const g = f(f(grad[i] as number) + f(f(0.01) * p));
      const mi = f(f(f(0.9) * (m[i] as number)) + f(f(0.1) * g));
      const vi = f(f(f(0.999) * (v[i] as number)) + f(f(f(0.001) * g) * g));
      const denom = f(f(f(Math.sqrt(vi)) / f(0.05)) + f(1e-8));
      return [f(p - f(f(f(0.003) * mi) / denom)), mi, vi];
    });
    jsOptim.adamStep(param, grad, m, v, s);
    expect(Array.from(param)).toEqual(want.map((w) => w[0]));
    expect(Array.from(m)).toEqual(want.map((w) => w[1]));
    expect(Array.from(v)).toEqual(want.map((w) => w[2]));
  });

  it('maximize flips the gradient; decay shrinks the weight first (AdamW)', () => {
    const up = Float64Array.of(1);
    jsOptim.adamStep(up, Float64Array.of(2), new Float64Array(1), new Float64Array(1), scalars({ gradScale: -1 }));
    expect(up[0]).toBeCloseTo(1.01, 8);
    const shrunk = Float64Array.of(1);
    jsOptim.adamStep(shrunk, Float64Array.of(0), new Float64Array(1), new Float64Array(1), scalars({ decay: 0.5 }));
    expect(shrunk[0]).toBe(0.5); // a zero gradient: only the decay acts
  });
});
