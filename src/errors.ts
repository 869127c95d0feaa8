/**
 * Typed errors. Every message names the op or layer, the argument, the shapes or values
 * involved, and, where there is a likely fix, says how to fix it.
 *
 * @example
 * import { tensor, matmul, ShapeError } from 'neurite';
 * try { matmul(tensor([[1, 2, 3]]), tensor([[1, 2]])); } catch (e) { e instanceof ShapeError; }
 */
export class NeuriteError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** Shapes that do not fit together: broadcasting, matmul, reshape, indices out of range. */
export class ShapeError extends NeuriteError {}

/** A dtype an op cannot take (e.g. a float tensor as class labels). */
export class DTypeError extends NeuriteError {}

/** An invalid argument value or configuration (negative learning rate, bad axis). */
export class ValueError extends NeuriteError {}

/** Misuse of the autograd tape (backward on a non-scalar without a gradient, …). */
export class AutogradError extends NeuriteError {}

/** Format a shape the way messages print it: `[32, 10]`. */
export function fmtShape(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}
