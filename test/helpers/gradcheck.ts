/**
 * Finite-difference gradient check in float64, as PyTorch's gradcheck: for a random projection
 * L = Σ w ⊙ f(x), compare the autograd gradient dL/dx with the central difference
 * (L(x + ε) − L(x − ε)) / 2ε for every element of every input.
 */
import { expect } from 'vitest';
import { noGrad, Rng, type Tensor, tensor } from '../../src/index.js';

export interface GradcheckOptions {
  eps?: number;
  /** Allowed error: |analytic − numeric| ≤ atol + rtol·|numeric|. */
  atol?: number;
  rtol?: number;
  /** Which inputs to check (default: all float inputs). */
  wrt?: number[];
  seed?: number;
  label?: string;
}

/** Run the check; inputs must be float64 (non-float inputs are passed through unchanged). */
export function gradcheck(fn: (...xs: Tensor[]) => Tensor, inputs: Tensor[], options: GradcheckOptions = {}): void {
  const { eps = 1e-6, atol = 1e-5, rtol = 1e-3, seed = 7, label = 'gradcheck' } = options;
  const wrt = options.wrt ?? inputs.flatMap((t, i) => (t.dtype === 'float64' ? [i] : []));
  for (const i of wrt) expect(inputs[i]?.dtype, `${label}: input ${i} must be float64`).toBe('float64');

  const leaves = inputs.map((t, i) =>
    wrt.includes(i) ? tensor(t.data.slice(), { shape: t.shape, requiresGrad: true }) : t,
  );
  const out = fn(...leaves);
  const rng = new Rng(seed);
  const w = tensor(
    Float64Array.from({ length: out.numel() }, () => rng.uniform(-1, 1)),
    { shape: out.shape },
  );
  const loss = (o: Tensor): number => {
    let s = 0;
    for (let k = 0; k < o.numel(); k++) s += (o.data[k] as number) * (w.data[k] as number);
    return s;
  };
  out.backward(out.dtype === 'float64' ? w : w.to(out.dtype));

  for (const i of wrt) {
    const leaf = leaves[i] as Tensor;
    const analytic = leaf.grad === null ? new Float64Array(leaf.numel()) : Float64Array.from(leaf.grad.data);
    const x = (inputs[i] as Tensor).data as Float64Array;
    for (let k = 0; k < x.length; k++) {
      const numeric = noGrad(() => {
        const orig = x[k] as number;
        x[k] = orig + eps;
        const plus = loss(fn(...inputs));
        x[k] = orig - eps;
        const minus = loss(fn(...inputs));
        x[k] = orig;
        return (plus - minus) / (2 * eps);
      });
      const a = analytic[k] as number;
      if (!(Math.abs(a - numeric) <= atol + rtol * Math.abs(numeric))) {
        expect.fail(`${label}: d/d input${i}[${k}] analytic ${a} vs numeric ${numeric} (input shape [${leaf.shape}])`);
      }
    }
  }
}
