/**
 * The autograd tape: reverse-mode differentiation (backpropagation) over the graph of
 * `GradNode`s that ops record on their outputs. PyTorch semantics: `loss.backward()` fills
 * `.grad` of the leaves that require gradients, and gradients accumulate across calls.
 */
import { kernels } from './backend/backend.js';
import { castArray, type TypedArray } from './dtype.js';
import { AutogradError, fmtShape } from './errors.js';
import { shapesEqual } from './shape.js';
import { Tensor } from './tensor.js';

let gradEnabled = true;

/** Whether ops currently record the tape (false inside `noGrad`). */
export function isGradEnabled(): boolean {
  return gradEnabled;
}

/**
 * Run `fn` without recording the tape: results do not require gradients. Use it for
 * evaluation and for in-place parameter updates.
 * @example
 * import { noGrad, tensor } from 'neurite';
 * const w = tensor([1, 2], { requiresGrad: true });
 * const y = noGrad(() => w.mul(2)); // y.requiresGrad === false
 */
export function noGrad<T>(fn: () => T): T {
  const prev = gradEnabled;
  gradEnabled = false;
  try {
    return fn();
  } finally {
    gradEnabled = prev;
  }
}

const NO_INPUTS: readonly Tensor[] = [];

/**
 * The tensor that stands for `t` in the graph walk: `t` itself, or for an output of an op with
 * several outputs its first output, so that such an op is visited, and run backward, once.
 */
function vertexOf(t: Tensor): Tensor {
  const outputs = t.gradFn?.outputs;
  return outputs === undefined ? t : (outputs[0] as Tensor);
}

/**
 * Order the graph below `root` so that every tensor comes after all tensors computed from it
 * (reverse topological order). Iterative (a depth-first search with an explicit stack of tensors
 * and of the next input to visit), so chains of any length do not overflow the stack.
 */
function reverseTopo(root: Tensor): Tensor[] {
  const order: Tensor[] = [];
  const start = vertexOf(root);
  const visited = new Set<Tensor>([start]);
  const stack: Tensor[] = [start];
  const next: number[] = [0];
  while (stack.length > 0) {
    const top = stack.length - 1;
    const t = stack[top] as Tensor;
    const inputs = t.gradFn === null ? NO_INPUTS : t.gradFn.inputs;
    const i = next[top] as number;
    if (i < inputs.length) {
      next[top] = i + 1;
      const input = inputs[i] as Tensor;
      const child = vertexOf(input);
      if (input.requiresGrad && !visited.has(child)) {
        visited.add(child);
        stack.push(child);
        next.push(0);
      }
    } else {
      stack.pop();
      next.pop();
      order.push(t);
    }
  }
  return order.reverse();
}

/**
 * Backpropagate from `root`: compute d root / d leaf for every leaf that requires gradients
 * and add it to `leaf.grad`.
 *
 * @param gradient d(something)/d root, same shape as root; may be omitted for one-element roots.
 * @throws AutogradError when root does not require gradients, or is not a scalar and no gradient is given.
 * @example
 * import { tensor } from 'neurite';
 * const x = tensor([3], { requiresGrad: true });
 * x.mul(x).sum().backward(); // x.grad = [6]
 */
export function backward(root: Tensor, gradient?: Tensor): void {
  if (!root.requiresGrad) {
    throw new AutogradError(
      'backward: this tensor does not require gradients, so there is nothing to backpropagate. ' +
        'Create the parameters with { requiresGrad: true } and do not compute the loss inside noGrad().',
    );
  }
  let seed: Tensor;
  if (gradient === undefined) {
    if (root.numel() !== 1) {
      throw new AutogradError(
        `backward: the output has shape ${fmtShape(root.shape)}; gradients can only be created implicitly ` +
          'for one-element outputs. Reduce it first (e.g. loss.mean() or loss.sum()) or pass a gradient of the same shape.',
      );
    }
    const ones = castArray(new Float64Array([1]), root.dtype);
    seed = new Tensor(ones, root.shape);
  } else {
    if (!shapesEqual(gradient.shape, root.shape)) {
      throw new AutogradError(
        `backward: gradient shape ${fmtShape(gradient.shape)} does not match output shape ${fmtShape(root.shape)}`,
      );
    }
    // Every op's backward receives its output's dtype, as PyTorch's engine casts gradients.
    seed = gradient.dtype === root.dtype ? gradient : new Tensor(castArray(gradient.data, root.dtype), gradient.shape);
  }

  const order = reverseTopo(root);
  const grads = new PendingGrads(order, seed);
  grads.add(root, seed);
  noGrad(() => {
    // Indexed loops here and in PendingGrads: `for…of` runs the iterator protocol in V8's
    // interpreter, and a small model's steps mostly run there.
    for (let k = 0; k < order.length; k++) {
      const t = order[k] as Tensor;
      const node = t.gradFn;
      let inputGrads: ReadonlyArray<Tensor | null>;
      if (node !== null && node.outputs !== undefined) {
        // One walk position stands for all outputs; by now every output's gradient is complete.
        const outputGrads = node.outputs.map((o) => grads.take(o));
        if (outputGrads.every((g) => g === null)) continue;
        inputGrads = node.backward(outputGrads);
      } else {
        const g = grads.take(t);
        if (g === null) continue;
        if (node === null) {
          t.grad = t.grad === null ? grads.owned(g) : accumulate(t.grad, g);
          continue;
        }
        inputGrads = node.backward(g);
      }
      const inputs = node.inputs;
      for (let i = 0; i < inputs.length; i++) {
        const input = inputs[i] as Tensor;
        const gi = inputGrads[i];
        if (!input.requiresGrad || gi === null || gi === undefined) continue;
        if (!shapesEqual(gi.shape, input.shape)) {
          throw new AutogradError(
            `backward of ${node.name}: gradient for input ${i} has shape ${fmtShape(gi.shape)}, ` +
              `expected ${fmtShape(input.shape)} (this is a bug in neurite; please report it)`,
          );
        }
        const typed = gi.dtype === input.dtype ? gi : new Tensor(castArray(gi.data, input.dtype), gi.shape);
        grads.add(input, typed);
      }
    }
  });
}

/**
 * The gradients collected during one backward pass, and who holds each gradient array. A leaf
 * owns its `.grad` (users and optimizers modify it in place), but a backward function may hand
 * one array to several inputs (add gives g to both), pass its incoming array through (reshape),
 * or return a forward tensor's array. So a leaf keeps the array it is given only when no other
 * pending gradient holds it and it is not the seed's or a graph tensor's; otherwise it copies.
 * (PyTorch's AccumulateGrad takes the incoming gradient the same way when nothing else refers
 * to it.) Keeping it saves a copy and a fresh array per parameter per step.
 */
class PendingGrads {
  private readonly grads = new Map<Tensor, Tensor>();
  /** Pending gradients per array (an array held by none may still be foreign). */
  private readonly holders = new Map<TypedArray, number>();
  /** Arrays that are not this pass's own: the seed's and every graph tensor's. */
  private readonly foreign = new Set<TypedArray>();

  constructor(order: readonly Tensor[], seed: Tensor) {
    this.foreign.add(seed.data);
    for (let k = 0; k < order.length; k++) {
      const t = order[k] as Tensor;
      this.foreign.add(t.data);
      const inputs = t.gradFn?.inputs ?? NO_INPUTS;
      for (let i = 0; i < inputs.length; i++) this.foreign.add((inputs[i] as Tensor).data);
      const outputs = t.gradFn?.outputs ?? NO_INPUTS;
      for (let i = 0; i < outputs.length; i++) this.foreign.add((outputs[i] as Tensor).data);
    }
  }

  /** Add `g` to the gradient pending for `t` (the sum is a fresh array). */
  add(t: Tensor, g: Tensor): void {
    const prev = this.grads.get(t);
    if (prev !== undefined) {
      this.release(prev);
      g = accumulate(prev, g);
    }
    this.grads.set(t, g);
    this.holders.set(g.data, (this.holders.get(g.data) ?? 0) + 1);
  }

  /** The gradient collected for `t` (null if none), removed so that it is freed once used. */
  take(t: Tensor): Tensor | null {
    const g = this.grads.get(t);
    if (g === undefined) return null;
    this.grads.delete(t);
    this.release(g);
    return g;
  }

  /** `g`, just taken for a leaf, as the leaf's own `.grad`: itself if nothing else can see its array, else a copy. */
  owned(g: Tensor): Tensor {
    const shared = this.holders.has(g.data) || this.foreign.has(g.data);
    return shared ? new Tensor(g.data.slice(), g.shape) : g;
  }

  private release(g: Tensor): void {
    const n = (this.holders.get(g.data) ?? 1) - 1;
    if (n > 0) this.holders.set(g.data, n);
    else this.holders.delete(g.data);
  }
}

/** prev + g elementwise, in a fresh array (gradients may be shared between tensors). */
function accumulate(prev: Tensor, g: Tensor): Tensor {
  const src = g.dtype === prev.dtype ? g.data : castArray(g.data, prev.dtype);
  return new Tensor(kernels().add(prev.data, prev.shape, src, prev.shape, prev.shape), prev.shape);
}

declare module './tensor.js' {
  interface Tensor {
    /**
     * Backpropagate from this tensor; see `backward()`.
     * @example
     * const x = tensor([2], { requiresGrad: true });
     * x.mul(x).sum().backward(); // x.grad = [4]
     */
    backward(gradient?: Tensor): void;
    /**
     * A tensor with the same data that is cut from the tape (no gradient flows through it).
     * @example const y = x.detach(); // y.requiresGrad === false
     */
    detach(): Tensor;
  }
}

Tensor.prototype.backward = function (this: Tensor, gradient?: Tensor): void {
  backward(this, gradient);
};

Tensor.prototype.detach = function (this: Tensor): Tensor {
  return new Tensor(this.data, this.shape);
};
