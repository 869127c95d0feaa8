import type { Model } from '../../src/index.js';

/**
 * Wrap `optimizer.step` so that every step first records the total gradient norm it is about to
 * use (the 2-norm of all the model's gradients together, as `clipGradNorm` measures it).
 * @returns the array the norms are pushed to, one per step.
 */
export function gradNormsAtStep(model: Model, optimizer: { step(): void }): number[] {
  const norms: number[] = [];
  const step = optimizer.step.bind(optimizer);
  optimizer.step = () => {
    norms.push(Math.hypot(...model.parameters().flatMap((p) => Array.from(p.grad?.data ?? []))));
    step();
  };
  return norms;
}
