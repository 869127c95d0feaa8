/**
 * Gradient clipping: bound the size of the gradients before `optimizer.step()`, so one bad
 * batch (or an exploding RNN) cannot throw the weights far away.
 */
import type { FloatArray } from '../dtype.js';
import { ValueError } from '../errors.js';
import { Tensor } from '../tensor.js';
import { warnOnce } from '../warnings.js';

/** Options of `clipGradNorm`. */
export interface ClipGradNormOptions {
  /** Throw instead of warning when the total norm is NaN or infinite. Default false. */
  errorIfNonfinite?: boolean;
}

/**
 * Rescale the gradients of `params` so that their total norm is at most `maxNorm`; the total
 * norm is taken over all gradients together, as if concatenated into one vector:
 * ```
 * N = (Σ_params ‖g‖_p^p)^(1/p)        (p = normType; 'inf': N = max |g|)
 * g ← g · min(1, maxNorm / (N + 1e-6))
 * ```
 * Parameters without a gradient are ignored. Each gradient is replaced by a rescaled copy
 * (gradients may be shared between tensors, so they are never scaled in place).
 *
 * @param params the parameters (e.g. `model.parameters()`), or one tensor.
 * @param maxNorm the largest total norm allowed (≥ 0).
 * @param normType p of the p-norm (> 0), or 'inf' / Infinity for the largest absolute value. Default 2.
 * @returns the total norm N before clipping (0 when no parameter has a gradient), as PyTorch's `clip_grad_norm_`.
 * @example
 * import { clipGradNorm, tensor } from 'neurite';
 * const w = tensor([3, 4], { requiresGrad: true });
 * w.mul(w).sum().mul(0.5).backward(); // grad = [3, 4], norm 5
 * clipGradNorm([w], 1); // 5; w.grad ≈ [0.6, 0.8]
 */
export function clipGradNorm(
  params: Tensor[] | Tensor,
  maxNorm: number,
  normType: number | 'inf' = 2,
  options: ClipGradNormOptions = {},
): number {
  const p = normType === 'inf' ? Number.POSITIVE_INFINITY : normType;
  if (typeof maxNorm !== 'number' || !(maxNorm >= 0)) {
    throw new ValueError(`clipGradNorm: maxNorm must be a number >= 0, got ${maxNorm}`);
  }
  if (typeof p !== 'number' || !(p > 0)) {
    throw new ValueError(`clipGradNorm: normType must be > 0 or 'inf', got ${normType}`);
  }
  const withGrad = (params instanceof Tensor ? [params] : params).filter((t) => t.grad !== null);
  if (withGrad.length === 0) return 0;

  // the norm of each gradient, then the norm of those norms (PyTorch's order of operations)
  const norms = withGrad.map((t) => vectorNorm((t.grad as Tensor).data as FloatArray, p));
  const total = vectorNorm(norms, p);
  if (!Number.isFinite(total)) {
    const message =
      `clipGradNorm: the total gradient norm is ${total}, so the gradients cannot be clipped. The loss or a ` +
      'gradient overflowed: lower the learning rate, or look for log(0) or a division by zero in the model.';
    if (options.errorIfNonfinite) throw new ValueError(message);
    warnOnce('optim.clipGradNorm.nonfinite', message);
  }
  const coef = Math.min(maxNorm / (total + 1e-6), 1);
  if (coef < 1 || Number.isNaN(coef)) {
    for (const t of withGrad) {
      const grad = t.grad as Tensor;
      const src = grad.data as FloatArray;
      const scaled = src instanceof Float64Array ? new Float64Array(src.length) : new Float32Array(src.length);
      for (let i = 0; i < src.length; i++) scaled[i] = (src[i] as number) * coef;
      t.grad = new Tensor(scaled, grad.shape);
    }
  }
  return total;
}

/**
 * Clamp every gradient value of `params` into [−clipValue, clipValue] (PyTorch's
 * `clip_grad_value_`). Parameters without a gradient are ignored; gradients are replaced by
 * clamped copies, never changed in place.
 *
 * @example
 * import { clipGradValue, tensor } from 'neurite';
 * const w = tensor([3, -4], { requiresGrad: true });
 * w.mul(w).sum().mul(0.5).backward(); // grad = [3, -4]
 * clipGradValue([w], 1); // w.grad = [1, -1]
 */
export function clipGradValue(params: Tensor[] | Tensor, clipValue: number): void {
  if (typeof clipValue !== 'number' || !(clipValue >= 0)) {
    throw new ValueError(`clipGradValue: clipValue must be a number >= 0, got ${clipValue}`);
  }
  for (const t of params instanceof Tensor ? [params] : params) {
    const grad = t.grad;
    if (grad === null) continue;
    const src = grad.data as FloatArray;
    const out = src instanceof Float64Array ? new Float64Array(src.length) : new Float32Array(src.length);
    // Math.min/max keep NaN as NaN, as torch.clamp does
    for (let i = 0; i < src.length; i++) out[i] = Math.min(Math.max(src[i] as number, -clipValue), clipValue);
    t.grad = new Tensor(out, grad.shape);
  }
}

/** The p-norm of `values` (p = Infinity: the largest absolute value). */
function vectorNorm(values: ArrayLike<number>, p: number): number {
  if (p === Number.POSITIVE_INFINITY) {
    let max = 0;
    for (let i = 0; i < values.length; i++) {
      const a = Math.abs(values[i] as number);
      if (a > max || Number.isNaN(a)) max = a;
    }
    return max;
  }
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += Math.abs(values[i] as number) ** p;
  return sum ** (1 / p);
}
