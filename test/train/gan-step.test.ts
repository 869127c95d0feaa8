import { describe, expect, it } from 'vitest';
import { discriminatorStep, ganStep, generatorStep, Rng, sampleNoise, type Tensor, tensor } from '../../src/index.js';
import { countSteps, grads, realData, state, tinyGan } from '../helpers/gan.js';

type DiscriminatorResult = ReturnType<typeof discriminatorStep>;

describe('gradient isolation: each update changes only its own network', () => {
  it("the discriminator's update gives the generator no gradient and leaves its weights alone", () => {
    const { generator, discriminator, dOptimizer } = tinyGan();
    const g0 = state(generator);
    const d0 = state(discriminator);
    const z = sampleNoise(40, { dim: 2 }, new Rng(2));
    const r = discriminatorStep(generator, discriminator, dOptimizer, realData(), z);
    expect(grads(generator).every((g) => g === null)).toBe(true);
    expect(state(generator)).toEqual(g0);
    expect(state(discriminator)).not.toEqual(d0); // D did learn
    expect(grads(discriminator).every((g) => g !== null)).toBe(true);
    expect(r.loss).toBeGreaterThan(0);
    expect(r.real).toBeGreaterThan(0);
    expect(r.fake).toBeLessThan(1);
  });

  it("the generator's update leaves the discriminator's weights and gradients as they were", () => {
    const { generator, discriminator, gOptimizer, dOptimizer } = tinyGan();
    discriminatorStep(generator, discriminator, dOptimizer, realData(), sampleNoise(40, { dim: 2 }, new Rng(2)));
    const d0 = state(discriminator);
    const dGrads = grads(discriminator); // what D's own update left in .grad
    const g0 = state(generator);
    generatorStep(generator, discriminator, gOptimizer, sampleNoise(40, { dim: 2 }, new Rng(3)));
    expect(state(discriminator)).toEqual(d0);
    expect(grads(discriminator)).toEqual(dGrads); // nothing of G's loss leaks into D's next update
    expect(discriminator.parameters().every((p) => p.requiresGrad)).toBe(true); // unfrozen again
    expect(state(generator)).not.toEqual(g0); // G did learn
    expect(grads(generator).every((g) => g !== null)).toBe(true);
  });

  it('keeps parameters the user froze frozen, and restores the flags when the step throws', () => {
    const { generator, discriminator, gOptimizer } = tinyGan();
    const first = discriminator.parameters()[0] as Tensor;
    first.requiresGrad = false;
    generatorStep(generator, discriminator, gOptimizer, sampleNoise(4, { dim: 2 }, new Rng(3)));
    expect(discriminator.parameters().map((p) => p.requiresGrad)).toEqual([false, true, true, true]);
    expect(() => generatorStep(generator, discriminator, gOptimizer, tensor([[1, 2, 3]]))).toThrow();
    expect(discriminator.parameters().map((p) => p.requiresGrad)).toEqual([false, true, true, true]);
  });
});

describe('ganStep', () => {
  it('one discriminator update per real batch, each with as many fakes, then one generator update', () => {
    const gan = tinyGan();
    const g = countSteps(gan.gOptimizer);
    const d = countSteps(gan.dOptimizer);
    const fakes: number[] = [];
    const forward = gan.generator.forward.bind(gan.generator);
    gan.generator.forward = (z: Tensor) => {
      fakes.push(z.shape[0] as number);
      return forward(z);
    };
    const values = ganStep(gan, [realData(8), realData(5)], { noise: { dim: 2 }, batchSize: 16, rng: new Rng(1) });
    expect([d.count, g.count]).toEqual([2, 1]);
    expect(fakes).toEqual([8, 5, 16]);
    expect(Object.keys(values)).toEqual(['dLoss', 'gLoss', 'dReal', 'dFake']);
    expect(values.dLoss).toBeCloseTo(2 * Math.LN2, 0);
    expect(values.gLoss).toBeGreaterThan(0);
  });

  it('reports the mean of the discriminator updates', () => {
    const a = tinyGan();
    const b = tinyGan();
    const settings = { noise: { dim: 2 }, batchSize: 4 };
    const r1 = realData(6);
    const r2 = realData(6).add(0.5);
    const rngA = new Rng(3);
    const [first, second] = [r1, r2].map((real) =>
      discriminatorStep(a.generator, a.discriminator, a.dOptimizer, real, sampleNoise(6, settings.noise, rngA)),
    ) as [DiscriminatorResult, DiscriminatorResult];
    const values = ganStep(b, [r1, r2], { ...settings, rng: new Rng(3) });
    expect(values.dLoss).toBeCloseTo((first.loss + second.loss) / 2, 6);
    expect(values.dReal).toBeCloseTo((first.real + second.real) / 2, 6);
    expect(values.dFake).toBeCloseTo((first.fake + second.fake) / 2, 6);
  });
});
