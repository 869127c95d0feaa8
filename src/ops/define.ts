/**
 * `defineOp`: how every primitive op is written — a forward that calls kernels and a backward
 * that maps the output gradient to input gradients, side by side. The returned function runs
 * the forward and, when gradients are needed, records one node on the autograd tape.
 *
 * Composite ops (softmax, gelu, mseLoss, …) are plain functions of primitives and need no
 * backward code: their gradient comes from the primitives they call.
 */

import { isGradEnabled } from '../autograd.js';
import { type Kernels, kernels } from '../backend/backend.js';
import { type DType, isFloat, type TypedArray } from '../dtype.js';
import { DTypeError } from '../errors.js';
import type { Shape } from '../shape.js';
import { type GradNode, type MultiGradNode, Tensor } from '../tensor.js';

/** What a forward returns: the output's storage and shape, plus anything backward needs. */
export interface ForwardResult<S = undefined> {
  data: TypedArray;
  shape: Shape;
  saved?: S;
}

/** What a backward receives besides the output gradient. */
export interface BackwardContext<I extends readonly Tensor[], P, S> {
  inputs: I;
  params: P;
  out: Tensor;
  saved: S;
}

/** The definition of one primitive op. */
export interface OpSpec<I extends readonly Tensor[], P, S> {
  /** The op's public name, used in errors ("matmul"). */
  name: string;
  /** Compute the output with the active backend's kernels. Inputs are already validated. */
  forward: (k: Kernels, inputs: I, params: P) => ForwardResult<S>;
  /**
   * Gradients of the inputs, one per input (null for inputs that take none, such as indices),
   * written in ops; it runs with the tape off. Omit for ops without gradient (comparisons).
   */
  backward?: (grad: Tensor, ctx: BackwardContext<I, P, S>) => ReadonlyArray<Tensor | null>;
}

/**
 * Define a primitive op.
 * @example
 * // ops/elementwise.ts
 * const expOp = defineOp({
 *   name: 'exp',
 *   forward: (k, [x]: [Tensor]) => ({ data: k.exp(x.data), shape: x.shape }),
 *   backward: (g, { out }) => [mul(g, out)], // d exp(x) = exp(x) dx
 * });
 */
export function defineOp<I extends readonly Tensor[], P = undefined, S = undefined>(
  spec: OpSpec<I, P, S>,
): (inputs: I, params: P) => Tensor {
  const { name, forward, backward } = spec;
  return (inputs: I, params: P): Tensor => {
    const res = forward(kernels(), inputs, params);
    const out = new Tensor(res.data, res.shape);
    if (backward !== undefined && isGradEnabled() && isFloat(out.dtype) && anyRequiresGrad(inputs)) {
      out.requiresGrad = true;
      out.gradFn = new OpNode(name, inputs, params, out, res.saved as S, backward);
    }
    return out;
  };
}

/** True when at least one input requires gradients (a plain loop: this runs for every op). */
function anyRequiresGrad(inputs: readonly Tensor[]): boolean {
  for (let i = 0; i < inputs.length; i++) if ((inputs[i] as Tensor).requiresGrad) return true;
  return false;
}

/**
 * The tape node of one op call. It is also the op's backward context (inputs, params, output,
 * saved values), so recording an op allocates one object.
 */
class OpNode<I extends readonly Tensor[], P, S> implements GradNode, BackwardContext<I, P, S> {
  // Declared and set in the constructor, not as parameter properties: those compile to class
  // fields, which V8 initializes with a separate function call per node (see Tensor).
  declare readonly name: string;
  declare readonly inputs: I;
  declare readonly params: P;
  declare readonly out: Tensor;
  declare readonly saved: S;
  declare private readonly fn: NonNullable<OpSpec<I, P, S>['backward']>;

  constructor(name: string, inputs: I, params: P, out: Tensor, saved: S, fn: NonNullable<OpSpec<I, P, S>['backward']>) {
    this.name = name;
    this.inputs = inputs;
    this.params = params;
    this.out = out;
    this.saved = saved;
    this.fn = fn;
  }

  backward(grad: Tensor): ReadonlyArray<Tensor | null> {
    return this.fn(grad, this);
  }
}

/** What the forward of an op with several outputs returns: each output's storage and shape. */
export interface MultiForwardResult<S = undefined> {
  outputs: ReadonlyArray<{ data: TypedArray; shape: Shape }>;
  saved?: S;
}

/** What the backward of an op with several outputs receives besides the outputs' gradients. */
export interface MultiBackwardContext<I extends readonly Tensor[], P, S> {
  inputs: I;
  params: P;
  outputs: readonly Tensor[];
  saved: S;
}

/** The definition of a primitive op with several outputs. */
export interface MultiOpSpec<I extends readonly Tensor[], P, S> {
  name: string;
  forward: (k: Kernels, inputs: I, params: P) => MultiForwardResult<S>;
  /**
   * Gradients of the inputs from the gradients of all outputs, given together (null for an
   * output that no gradient reached: treat it as zeros). It runs once per call, with the tape off.
   */
  backward: (grads: ReadonlyArray<Tensor | null>, ctx: MultiBackwardContext<I, P, S>) => ReadonlyArray<Tensor | null>;
}

/**
 * Define a primitive op with several outputs (`unbind`, `lstmCell`). All outputs share one tape
 * node, so backward runs once with every output's gradient, as PyTorch's autograd functions do,
 * instead of once per output with the others taken as zeros.
 * @example
 * // the two halves of a vector, and the gradient of both written into one buffer
 * const halves = defineMultiOp({
 *   name: 'halves',
 *   forward: (k, [x]: [Tensor]) => ({ outputs: [0, 1].map((i) => ({ data: x.data.slice(i * 2, i * 2 + 2), shape: [2] })) }),
 *   backward: ([a, b], { inputs: [x] }) => [concat([a ?? zeros([2], { dtype: x.dtype }), b ?? zeros([2], { dtype: x.dtype })])],
 * });
 * const [lo, hi] = halves([tensor([1, 2, 3, 4])], undefined);
 */
export function defineMultiOp<I extends readonly Tensor[], P = undefined, S = undefined>(
  spec: MultiOpSpec<I, P, S>,
): (inputs: I, params: P) => Tensor[] {
  const { name, forward, backward } = spec;
  return (inputs: I, params: P): Tensor[] => {
    const res = forward(kernels(), inputs, params);
    const outputs = res.outputs.map((o) => new Tensor(o.data, o.shape));
    const first = outputs[0];
    if (first !== undefined && isGradEnabled() && isFloat(first.dtype) && anyRequiresGrad(inputs)) {
      const node = new MultiOpNode(name, inputs, params, outputs, res.saved as S, backward);
      for (const out of outputs) {
        out.requiresGrad = true;
        out.gradFn = node;
      }
    }
    return outputs;
  };
}

/** The one tape node of a call of an op with several outputs; also its backward context. */
class MultiOpNode<I extends readonly Tensor[], P, S> implements MultiGradNode, MultiBackwardContext<I, P, S> {
  constructor(
    readonly name: string,
    readonly inputs: I,
    readonly params: P,
    readonly outputs: readonly Tensor[],
    readonly saved: S,
    private readonly fn: MultiOpSpec<I, P, S>['backward'],
  ) {}

  backward(grads: ReadonlyArray<Tensor | null>): ReadonlyArray<Tensor | null> {
    return this.fn(grads, this);
  }
}

/** Anything ops accept where a tensor is expected: a tensor, or a JS number (a scalar). */
export type TensorLike = Tensor | number;

/**
 * Turn a number into a scalar tensor whose dtype follows PyTorch's rule for Python scalars:
 * it adopts a float `other`'s dtype; next to an integer or bool tensor an integer stays int32
 * and a fraction becomes float32.
 */
export function toTensor(x: TensorLike, other?: Tensor): Tensor {
  if (x instanceof Tensor) return x;
  let dtype: DType;
  if (other !== undefined && isFloat(other.dtype)) dtype = other.dtype;
  else if (Number.isInteger(x) && other !== undefined) dtype = 'int32';
  else dtype = 'float32';
  const data =
    dtype === 'float64' ? new Float64Array([x]) : dtype === 'int32' ? new Int32Array([x]) : new Float32Array([x]);
  return new Tensor(data, []);
}

/** Throw unless `t` is a float tensor (ops whose math needs fractions: exp, sigmoid, softmax…). */
export function expectFloat(op: string, t: Tensor, what = 'input'): void {
  if (!isFloat(t.dtype)) {
    throw new DTypeError(`${op}: ${what} must be float32 or float64, got ${t.dtype}. Convert it with .to('float32').`);
  }
}
