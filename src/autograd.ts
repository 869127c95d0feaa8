/**
 * The autograd tape: reverse-mode differentiation (backpropagation) over the graph of
 * `GradNode`s that ops record on their outputs. PyTorch semantics: `loss.backward()` fills
 * `.grad` of the leaves that require gradients, and gradients accumulate across calls.
 */
import { kernels } from './backend/backend.js';
import { castArray } from './dtype.js';
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

  const grads = new Map<Tensor, Tensor>([[root, seed]]);
  noGrad(() => {
    for (const t of reverseTopo(root)) {
      const node = t.gradFn;
      let inputGrads: ReadonlyArray<Tensor | null>;
      if (node !== null && node.outputs !== undefined) {
        // One walk position stands for all outputs; by now every output's gradient is complete.
        const outputGrads = node.outputs.map((o) => takeGrad(grads, o));
        if (outputGrads.every((g) => g === null)) continue;
        inputGrads = node.backward(outputGrads);
      } else {
        const g = takeGrad(grads, t);
        if (g === null) continue;
        if (node === null) {
          // A leaf owns its .grad (backward functions may hand the same tensor to several inputs,
          // and users or optimizers may modify .grad in place), so the first gradient is copied.
          t.grad = t.grad === null ? new Tensor(g.data.slice(), g.shape) : accumulate(t.grad, g);
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
        const prev = grads.get(input);
        grads.set(input, prev === undefined ? typed : accumulate(prev, typed));
      }
    }
  });
}

/** The gradient collected for `t` (null if none), removed so that it is freed once used. */
function takeGrad(grads: Map<Tensor, Tensor>, t: Tensor): Tensor | null {
  const g = grads.get(t);
  if (g === undefined) return null;
  grads.delete(t);
  return g;
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
