/**
 * Statistical reductions: variance, std and logSumExp over `axis` (one, several, or all when
 * omitted), each a primitive with kernels that are numerically sound in float32: variance and std
 * take two passes (mean, then squared deviations) with float64 sums; logSumExp subtracts the max.
 * Re-exported by `reduce.ts`.
 */
import { kernels } from '../backend/backend.js';
import { isFloat } from '../dtype.js';
import { ValueError } from '../errors.js';
import { normalizeAxes, reducedShape } from '../shape.js';
import { Tensor } from '../tensor.js';
import { defineOp, expectFloat } from './define.js';
import { exp, mul, sub, to } from './elementwise.js';
import { reshape } from './movement.js';
import type { Axis } from './reduce.js';

/** Options of `variance` and `std`. */
export interface VarianceOptions {
  /** Divide by N − 1 (Bessel's correction, the sample estimate) instead of N. Default true. */
  unbiased?: boolean;
  /** Keep reduced axes as size 1. Default false. */
  keepDims?: boolean;
}

interface MomentParams {
  axes: number[];
  keepDims: boolean;
  /** Subtracted from N in the divisor: 1 when unbiased, else 0. */
  correction: number;
}

function momentOp(name: 'variance' | 'std') {
  return defineOp<[Tensor], MomentParams>({
    name,
    forward: (k, [x], { axes, keepDims, correction }) => ({
      data: k[name](x.data, x.shape, axes, correction),
      shape: reducedShape(x.shape, axes, keepDims),
    }),
    // Fused backward kernel: d var = 2(x − mean)/D; d std = (x − mean)/(D · std), 0 where std = 0.
    backward: (g, { inputs: [x], params: { axes, correction }, out }) => [
      new Tensor(
        kernels().momentBackward(x.data, x.shape, axes, correction, g.data, name === 'std' ? out.data : null),
        x.shape,
      ),
    ],
  });
}

const varianceOp = momentOp('variance');
const stdOp = momentOp('std');

function momentParams(op: string, x: Tensor, axis: Axis | undefined, options: VarianceOptions): MomentParams {
  expectFloat(op, x);
  if (typeof options !== 'object' || options === null) {
    throw new ValueError(
      `${op}: the third argument is an options object, got ${String(options)}; ` +
        `write ${op}(x, axis, { keepDims: true, unbiased: false })`,
    );
  }
  const { unbiased = true, keepDims = false } = options;
  return { axes: normalizeAxes(axis, x.ndim, op), keepDims, correction: unbiased ? 1 : 0 };
}

/**
 * Variance over `axis` (all axes when omitted): Σᵢ (xᵢ − x̄)² / (N − 1), or / N with
 * `unbiased: false`. Float tensors only; N − 1 = 0 gives NaN, as PyTorch. Method name `var`.
 * @example variance(tensor([1, 2, 3, 4])) // 1.6667
 * @example tensor([[1, 3], [2, 2]]).var(1, { unbiased: false, keepDims: true }) // [[1], [0]]
 */
export function variance(x: Tensor, axis?: Axis, options: VarianceOptions = {}): Tensor {
  return varianceOp([x], momentParams('variance', x, axis, options));
}

/**
 * Standard deviation over `axis`: √variance (same options). Gradient (x − x̄) / (D · std), taken
 * as 0 where std is 0 (constant inputs), as PyTorch.
 * @example std(tensor([[1, 3], [2, 2]]), 1, { unbiased: false }) // [1, 0]
 */
export function std(x: Tensor, axis?: Axis, options: VarianceOptions = {}): Tensor {
  return stdOp([x], momentParams('std', x, axis, options));
}

// ---- logSumExp ----------------------------------------------------------------------------

const logSumExpOp = defineOp<[Tensor], { axes: number[]; keepDims: boolean }>({
  name: 'logSumExp',
  forward: (k, [x], { axes, keepDims }) => ({
    data: k.logSumExp(x.data, x.shape, axes),
    shape: reducedShape(x.shape, axes, keepDims),
  }),
  // d/dxᵢ log Σ exp(x) = exp(xᵢ − lse): the softmax of the group; x − lse ≤ 0, so exp cannot overflow.
  backward: (g, { inputs: [x], params: { axes }, out }) => {
    const keep = reducedShape(x.shape, axes, true);
    return [mul(reshape(g, keep), exp(sub(x, reshape(out, keep))))];
  },
});

/**
 * log Σᵢ exp(xᵢ) over `axis` (all axes when omitted), computed stably as m + log Σ exp(xᵢ − m)
 * with m the maximum, so inputs of ±1000 give finite results. Integer and bool inputs become
 * float32. An empty or all −∞ group gives −∞.
 * @example logSumExp(tensor([1000, 1000])) // 1000.6931
 * @example tensor([[0, 0], [1, 1]]).logSumExp(1, true) // [[0.6931], [1.6931]]
 */
export function logSumExp(x: Tensor, axis?: Axis, keepDims = false): Tensor {
  const axes = normalizeAxes(axis, x.ndim, 'logSumExp');
  return logSumExpOp([isFloat(x.dtype) ? x : to(x, 'float32')], { axes, keepDims });
}

declare module '../tensor.js' {
  interface Tensor {
    /** See `variance()`. */ var(axis?: Axis, options?: VarianceOptions): Tensor;
    /** See `std()`. */ std(axis?: Axis, options?: VarianceOptions): Tensor;
    /** See `logSumExp()`. */ logSumExp(axis?: Axis, keepDims?: boolean): Tensor;
  }
}

Object.assign(Tensor.prototype, {
  var(this: Tensor, axis?: Axis, options?: VarianceOptions) {
    return variance(this, axis, options);
  },
  std(this: Tensor, axis?: Axis, options?: VarianceOptions) {
    return std(this, axis, options);
  },
  logSumExp(this: Tensor, axis?: Axis, keepDims?: boolean) {
    return logSumExp(this, axis, keepDims);
  },
});
