/**
 * Elementwise primitives with NumPy broadcasting: arithmetic, exp/log/sqrt/abs/sign, dtype casts.
 * Each op is a function (`add(a, b)`) and a method (`a.add(b)`). The rest of the family lives in
 * `math.ts` (pow, clamp, maximum, minimum) and `compare.ts` (comparisons, where, tril/triu).
 */
import type { Kernels } from '../backend/backend.js';
import type { BinaryKernel } from '../backend/kernels/elementwise.js';
import { allocate, castArray, type DType, isFloat, promoteTypes } from '../dtype.js';
import { DTypeError } from '../errors.js';
import { broadcastShapes, type Shape, shapesEqual } from '../shape.js';
import { Tensor } from '../tensor.js';
import { defineOp, expectFloat, type TensorLike, toTensor } from './define.js';
import { sumTo } from './reduce.js';

// ---- casts ------------------------------------------------------------------------------

const toOp = defineOp<[Tensor], DType>({
  name: 'to',
  forward: (_k, [x], dtype) => ({ data: castArray(x.data, dtype), shape: x.shape }),
  backward: (g) => [g], // autograd casts the gradient back to the input's dtype
});

/**
 * Convert to another dtype: a new tensor, or the tensor itself when the dtype is already
 * `dtype` (as PyTorch's `.to`). Differentiable between float dtypes; float → int truncates.
 * @example tensor([1.7, -1.7]).to('int32').toArray() // [1, -1]
 */
export function to(x: Tensor, dtype: DType): Tensor {
  return x.dtype === dtype ? x : toOp([x], dtype);
}

const cloneOp = defineOp<[Tensor]>({
  name: 'clone',
  forward: (_k, [x]) => ({ data: x.data.slice(), shape: x.shape }),
  backward: (g) => [g],
});

/**
 * A copy with its own storage; gradients flow through it.
 * @example const y = x.clone();
 */
export function clone(x: Tensor): Tensor {
  return cloneOp([x], undefined);
}

// ---- binary arithmetic --------------------------------------------------------------------

/** Convert both operands to tensors of their promoted dtype and broadcast their shapes. */
export function binaryOperands(op: string, a: TensorLike, b: TensorLike, floatOnly = false): [Tensor, Tensor, Shape] {
  // The common case, two tensors of one dtype, skips the conversions; equal shapes need no broadcast.
  if (a instanceof Tensor && b instanceof Tensor && a.dtype === b.dtype && (!floatOnly || isFloat(a.dtype))) {
    return [a, b, shapesEqual(a.shape, b.shape) ? a.shape : broadcastShapes(a.shape, b.shape, op)];
  }
  const ta = toTensor(a, b instanceof Tensor ? b : undefined);
  const tb = toTensor(b, ta);
  let dtype = promoteTypes(ta.dtype, tb.dtype);
  if (floatOnly && !isFloat(dtype)) dtype = 'float32';
  const shape = broadcastShapes(ta.shape, tb.shape, op);
  return [to(ta, dtype), to(tb, dtype), shape];
}

type Binary = (k: Kernels) => BinaryKernel;

function binaryForward(kernel: Binary) {
  return (k: Kernels, [a, b]: [Tensor, Tensor], shape: Shape) => ({
    data: kernel(k)(a.data, a.shape, b.data, b.shape, shape),
    shape,
  });
}

const addOp = defineOp<[Tensor, Tensor], Shape>({
  name: 'add',
  forward: binaryForward((k) => k.add),
  backward: (g, { inputs: [a, b] }) => [sumTo(g, a.shape), sumTo(g, b.shape)],
});

// Backward functions skip the gradient of an input that takes none (null): a loss divided by a
// constant count, a product with a constant mask, … would otherwise cost extra ops for nothing.

const subOp = defineOp<[Tensor, Tensor], Shape>({
  name: 'sub',
  forward: binaryForward((k) => k.sub),
  backward: (g, { inputs: [a, b] }) => [sumTo(g, a.shape), b.requiresGrad ? sumTo(neg(g), b.shape) : null],
});

const mulOp = defineOp<[Tensor, Tensor], Shape>({
  name: 'mul',
  forward: binaryForward((k) => k.mul),
  backward: (g, { inputs: [a, b] }) => [
    a.requiresGrad ? sumTo(mul(g, b), a.shape) : null,
    b.requiresGrad ? sumTo(mul(g, a), b.shape) : null,
  ],
});

const divOp = defineOp<[Tensor, Tensor], Shape>({
  name: 'div',
  forward: binaryForward((k) => k.div),
  // d(a/b)/da = 1/b ; d(a/b)/db = -a/b² = -out/b
  backward: (g, { inputs: [a, b], out }) => [
    a.requiresGrad ? sumTo(div(g, b), a.shape) : null,
    b.requiresGrad ? sumTo(neg(div(mul(g, out), b)), b.shape) : null,
  ],
});

/**
 * a + b, broadcast. @example add(tensor([[1], [2]]), tensor([10, 20])) // [[11, 21], [12, 22]]
 */
export function add(a: TensorLike, b: TensorLike): Tensor {
  const [ta, tb, shape] = binaryOperands('add', a, b);
  // bool + bool is logical or, as PyTorch (the kernel would store 2 in a 0/1 array)
  if (ta.dtype === 'bool') return to(addOp([to(ta, 'int32'), to(tb, 'int32')], shape), 'bool');
  return addOp([ta, tb], shape);
}

/** a − b, broadcast. @example sub(tensor([3, 4]), 1) // [2, 3] */
export function sub(a: TensorLike, b: TensorLike): Tensor {
  const [ta, tb, shape] = binaryOperands('sub', a, b);
  if (ta.dtype === 'bool') {
    throw new DTypeError(
      "sub: subtracting bool tensors is not supported (as in PyTorch); use ne(a, b) for exclusive or, or convert with .to('int32')",
    );
  }
  return subOp([ta, tb], shape);
}

/** a · b elementwise, broadcast. @example mul(tensor([1, 2]), tensor([3, 4])) // [3, 8] */
export function mul(a: TensorLike, b: TensorLike): Tensor {
  const [ta, tb, shape] = binaryOperands('mul', a, b);
  return mulOp([ta, tb], shape); // bool · bool is logical and: 0/1 products stay 0/1
}

/**
 * a / b elementwise, broadcast; true division (integer inputs give float32), as PyTorch.
 * @example div(tensor([1, 2]), 2) // [0.5, 1]
 */
export function div(a: TensorLike, b: TensorLike): Tensor {
  const [ta, tb, shape] = binaryOperands('div', a, b, true);
  return divOp([ta, tb], shape);
}

// ---- unary math ---------------------------------------------------------------------------

const negOp = defineOp<[Tensor]>({
  name: 'neg',
  forward: (k, [x]) => ({ data: k.neg(x.data), shape: x.shape }),
  backward: (g) => [neg(g)],
});

const expOp = defineOp<[Tensor]>({
  name: 'exp',
  forward: (k, [x]) => ({ data: k.exp(x.data), shape: x.shape }),
  backward: (g, { out }) => [mul(g, out)], // d eˣ = eˣ dx
});

const logOp = defineOp<[Tensor]>({
  name: 'log',
  forward: (k, [x]) => ({ data: k.log(x.data), shape: x.shape }),
  backward: (g, { inputs: [x] }) => [div(g, x)], // d ln x = dx / x
});

/** −x. @example neg(tensor([1, -2])) // [-1, 2] */
export function neg(x: TensorLike): Tensor {
  return negOp([toTensor(x)], undefined);
}

/** eˣ elementwise. @example exp(tensor([0, 1])) // [1, 2.7183] */
export function exp(x: Tensor): Tensor {
  expectFloat('exp', x);
  return expOp([x], undefined);
}

/** Natural logarithm elementwise (−inf at 0, NaN below). @example log(tensor([1])) // [0] */
export function log(x: Tensor): Tensor {
  expectFloat('log', x);
  return logOp([x], undefined);
}

const sqrtOp = defineOp<[Tensor]>({
  name: 'sqrt',
  forward: (k, [x]) => ({ data: k.sqrt(x.data), shape: x.shape }),
  backward: (g, { out }) => [div(g, mul(out, 2))], // d √x = dx / (2√x)
});

const absOp = defineOp<[Tensor]>({
  name: 'abs',
  forward: (k, [x]) => ({ data: k.abs(x.data), shape: x.shape }),
  backward: (g, { inputs: [x] }) => [mul(g, sign(x))], // d|x| = sign(x) dx, taken as 0 at 0 (as PyTorch)
});

const signOp = defineOp<[Tensor]>({
  name: 'sign',
  forward: (k, [x]) => ({ data: k.sign(x.data), shape: x.shape }),
  // Piecewise constant: the gradient is zero (a zero tensor, not null, so x.grad exists as in PyTorch).
  backward: (g) => [new Tensor(allocate(g.dtype, g.numel()), g.shape)],
});

/**
 * √x elementwise (NaN below 0). Float tensors only, like `exp` and `log`.
 * @example sqrt(tensor([4, 9])) // [2, 3]
 */
export function sqrt(x: Tensor): Tensor {
  expectFloat('sqrt', x);
  return sqrtOp([x], undefined);
}

/**
 * |x| elementwise, any dtype. Gradient sign(x): 0 at x = 0, as PyTorch.
 * @example abs(tensor([-2, 0, 3])) // [2, 0, 3]
 */
export function abs(x: Tensor): Tensor {
  return absOp([x], undefined);
}

/**
 * sign(x) ∈ {−1, 0, +1} elementwise, any dtype; NaN stays NaN. Gradient 0.
 * @example sign(tensor([-2, 0, 3])) // [-1, 0, 1]
 */
export function sign(x: Tensor): Tensor {
  return signOp([x], undefined);
}

// ---- methods ------------------------------------------------------------------------------

declare module '../tensor.js' {
  interface Tensor {
    /** See `to()`. */ to(dtype: DType): Tensor;
    /** See `clone()`. */ clone(): Tensor;
    /** See `add()`. */ add(other: TensorLike): Tensor;
    /** See `sub()`. */ sub(other: TensorLike): Tensor;
    /** See `mul()`. */ mul(other: TensorLike): Tensor;
    /** See `div()`. */ div(other: TensorLike): Tensor;
    /** See `neg()`. */ neg(): Tensor;
    /** See `exp()`. */ exp(): Tensor;
    /** See `log()`. */ log(): Tensor;
    /** See `sqrt()`. */ sqrt(): Tensor;
    /** See `abs()`. */ abs(): Tensor;
    /** See `sign()`. */ sign(): Tensor;
  }
}

Object.assign(Tensor.prototype, {
  to(this: Tensor, dtype: DType) {
    return to(this, dtype);
  },
  clone(this: Tensor) {
    return clone(this);
  },
  add(this: Tensor, o: TensorLike) {
    return add(this, o);
  },
  sub(this: Tensor, o: TensorLike) {
    return sub(this, o);
  },
  mul(this: Tensor, o: TensorLike) {
    return mul(this, o);
  },
  div(this: Tensor, o: TensorLike) {
    return div(this, o);
  },
  neg(this: Tensor) {
    return neg(this);
  },
  exp(this: Tensor) {
    return exp(this);
  },
  log(this: Tensor) {
    return log(this);
  },
  sqrt(this: Tensor) {
    return sqrt(this);
  },
  abs(this: Tensor) {
    return abs(this);
  },
  sign(this: Tensor) {
    return sign(this);
  },
});
