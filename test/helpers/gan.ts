/** Small seeded GANs and inspection helpers shared by the GAN tests. */
import {
  Adam,
  type AnyModule,
  LeakyReLU,
  Linear,
  ReLU,
  Rng,
  Sequential,
  sampleNoise,
  type Tensor,
} from '../../src/index.js';

/** A small GAN on 2-D points: G 2 → 16 → 2, D 2 → 16 → 1, each seeded, with Adam (1e-3, β1 0.5). */
export function tinyGan(seed = 1) {
  const rng = new Rng(seed);
  const generator = new Sequential(new Linear(2, 16, { rng }), new ReLU(), new Linear(16, 2, { rng }));
  const discriminator = new Sequential(new Linear(2, 16, { rng }), new LeakyReLU(0.2), new Linear(16, 1, { rng }));
  const adam = (m: Sequential) => new Adam(m.parameters(), { lr: 1e-3, betas: [0.5, 0.999] });
  return { generator, discriminator, gOptimizer: adam(generator), dOptimizer: adam(discriminator) };
}

/** A model's state dict as plain arrays, for before/after comparisons. */
export const state = (m: AnyModule) =>
  Object.entries(m.stateDict()).map(([k, t]) => [k, Array.from((t as Tensor).data)]);

/** Every parameter's gradient as an array (null where there is none). */
export const grads = (m: AnyModule) => m.parameters().map((p) => (p.grad === null ? null : Array.from(p.grad.data)));

/** Real data: n points around (1, 1). */
export const realData = (n = 40) => sampleNoise(n, { dim: 2 }, new Rng(9)).mul(0.1).add(1);

/** Count the calls of an optimizer's step(). */
export function countSteps(optimizer: { step(): void }): { count: number } {
  const counter = { count: 0 };
  const step = optimizer.step.bind(optimizer);
  optimizer.step = () => {
    counter.count += 1;
    step();
  };
  return counter;
}
