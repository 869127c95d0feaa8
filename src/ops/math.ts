/**
 * Elementwise math whose gradients need masks: pow, clamp, maximum, minimum (broadcasting, any
 * numeric dtype; gradients for float dtypes). Part of the elementwise family, split from
 * `elementwise.ts` because the backwards use `where` and the comparisons of `compare.ts`.
 */
import type { Kernels } from '../backend/backend.js';
import type { BinaryKernel } from '../backend/kernels/elementwise.js';
import { isFloat } from '../dtype.js';
import { DTypeError, ValueError } from '../errors.js';
import type { Shape } from '../shape.js';
import { Tensor } from '../tensor.js';
import { eq, ge, gt, le, lt, where } from './compare.js';
import { defineOp, type TensorLike } from './define.js';
import { binaryOperands, log, mul, sub, to } from './elementwise.js';
import { sumTo } from './reduce.js';

function binaryForward(kernel: (k: Kernels) => BinaryKernel) {
  return (k: Kernels, [a, b]: [Tensor, Tensor], shape: Shape) => ({
    data: kernel(k)(a.data, a.shape, b.data, b.shape, shape),
    shape,
  });
}

// ---- pow ----------------------------------------------------------------------------------

const powOp = defineOp<[Tensor, Tensor], Shape>({
  name: 'pow',
  forward: binaryForward((k) => k.pow),
  backward: (g, { inputs: [a, b], out }) => [
    // d aᵇ/da = b·aᵇ⁻¹, taken as 0 where b = 0 (so 0⁰ does not give 0·0⁻¹ = NaN), as PyTorch.
    a.requiresGrad ? sumTo(where(eq(b, 0), 0, mul(g, mul(b, pow(a, sub(b, 1))))), a.shape) : null,
    // d aᵇ/db = aᵇ·ln a, taken as 0 where a = 0 and b ≥ 0 (the limit; ln 0 = −∞), as PyTorch.
    b.requiresGrad ? sumTo(mul(g, maskZeroBase(a, b, mul(out, log(a)))), b.shape) : null,
  ],
});

function maskZeroBase(a: Tensor, b: Tensor, t: Tensor): Tensor {
  return where(eq(a, 0), where(ge(b, 0), 0, t), t);
}

/**
 * aᵇ elementwise, broadcast; either side may be a number. Integer tensors give integer powers
 * (negative exponents of an integer tensor truncate toward 0, as PyTorch); int32 with a fractional
 * exponent gives float32. Gradients for both base and exponent.
 * @throws ValueError for an integer tensor raised to a negative integer number (as PyTorch).
 * @example pow(tensor([1, 2, 3]), 2) // [1, 4, 9]
 * @example pow(2, tensor([0, 1, 3])) // [1, 2, 8]
 */
export function pow(a: TensorLike, b: TensorLike): Tensor {
  if (a instanceof Tensor && !isFloat(a.dtype) && typeof b === 'number' && Number.isInteger(b) && b < 0) {
    throw new ValueError(
      `pow: integers to negative integer powers are not allowed (${a.dtype} base, exponent ${b}); ` +
        `convert the base with .to('float32').`,
    );
  }
  let [ta, tb, shape] = binaryOperands('pow', a, b);
  if (ta.dtype === 'bool') [ta, tb] = [to(ta, 'int32'), to(tb, 'int32')]; // bool ** bool counts as int, as PyTorch
  return powOp([ta, tb], shape);
}

// ---- clamp --------------------------------------------------------------------------------

const clampOp = defineOp<[Tensor], [number, number]>({
  name: 'clamp',
  forward: (k, [x], [lo, hi]) => ({ data: k.clamp(x.data, lo, hi), shape: x.shape }),
  // Gradient 1 on the closed interval [min, max] (boundaries included, as PyTorch), 0 outside.
  backward: (g, { inputs: [x], params: [lo, hi] }) => {
    let kept = g;
    if (lo > -Infinity) kept = where(ge(x, lo), kept, 0);
    if (hi < Infinity) kept = where(le(x, hi), kept, 0);
    return [kept];
  },
});

/**
 * Limit values to [min, max]: min(max(x, min), max). Either bound may be omitted; min > max gives
 * max everywhere, NaN stays NaN (as PyTorch). An int32 tensor with a fractional bound gives float32.
 * Gradient 1 where min ≤ x ≤ max, else 0.
 * @throws ValueError when neither bound is given; DTypeError for bool tensors.
 * @example clamp(tensor([-2, 0.5, 3]), 0, 1) // [0, 0.5, 1]
 * @example x.clamp(0) // relu
 */
export function clamp(x: Tensor, min?: number, max?: number): Tensor {
  if (min === undefined && max === undefined) {
    throw new ValueError('clamp: give min, max or both (e.g. clamp(x, 0) or clamp(x, undefined, 1))');
  }
  if (x.dtype === 'bool') {
    throw new DTypeError("clamp: bool tensors cannot be clamped; convert with .to('int32') or .to('float32')");
  }
  const fractional = [min, max].some((v) => v !== undefined && !Number.isInteger(v) && Number.isFinite(v));
  const input = x.dtype === 'int32' && fractional ? to(x, 'float32') : x;
  return clampOp([input], [min ?? -Infinity, max ?? Infinity]);
}

// ---- maximum / minimum --------------------------------------------------------------------

/**
 * The op for max (or min) of two tensors. `beats(a, b)` says where a wins outright: there a gets
 * all of the gradient and b none; at ties each gets half, as PyTorch.
 */
function extremumOp(name: string, kernel: (k: Kernels) => BinaryKernel, beats: (a: Tensor, b: Tensor) => Tensor) {
  const op = defineOp<[Tensor, Tensor], Shape>({
    name,
    forward: binaryForward(kernel),
    backward: (g, { inputs: [a, b] }) => {
      const shared = where(eq(a, b), mul(g, 0.5), g);
      return [
        a.requiresGrad ? sumTo(where(beats(b, a), 0, shared), a.shape) : null,
        b.requiresGrad ? sumTo(where(beats(a, b), 0, shared), b.shape) : null,
      ];
    },
  });
  return (a: TensorLike, b: TensorLike): Tensor => {
    const [ta, tb, shape] = binaryOperands(name, a, b);
    return op([ta, tb], shape);
  };
}

/**
 * max(a, b) elementwise, broadcast; NaN if either is NaN. Ties split the gradient half/half.
 * @example maximum(tensor([1, 5]), tensor([3, 2])) // [3, 5]
 */
export const maximum: (a: TensorLike, b: TensorLike) => Tensor = extremumOp('maximum', (k) => k.maximum, gt);

/**
 * min(a, b) elementwise, broadcast; NaN if either is NaN. Ties split the gradient half/half.
 * @example minimum(tensor([1, 5]), 2) // [1, 2]
 */
export const minimum: (a: TensorLike, b: TensorLike) => Tensor = extremumOp('minimum', (k) => k.minimum, lt);

// ---- methods ------------------------------------------------------------------------------

declare module '../tensor.js' {
  interface Tensor {
    /** See `pow()`. */ pow(exponent: TensorLike): Tensor;
    /** See `clamp()`. */ clamp(min?: number, max?: number): Tensor;
    /** See `maximum()`. */ maximum(other: TensorLike): Tensor;
    /** See `minimum()`. */ minimum(other: TensorLike): Tensor;
  }
}

Object.assign(Tensor.prototype, {
  pow(this: Tensor, exponent: TensorLike) {
    return pow(this, exponent);
  },
  clamp(this: Tensor, min?: number, max?: number) {
    return clamp(this, min, max);
  },
  maximum(this: Tensor, o: TensorLike) {
    return maximum(this, o);
  },
  minimum(this: Tensor, o: TensorLike) {
    return minimum(this, o);
  },
});
