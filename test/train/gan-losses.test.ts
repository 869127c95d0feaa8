import { describe, expect, it } from 'vitest';
import { discriminatorLoss, GAN_LOSSES, generatorLoss, tensor, ValueError } from '../../src/index.js';
import { checkGanLoss, meanVerdict } from '../../src/train/gan-losses.js';

// A tiny example worked by hand: D's logits on two real and two generated samples.
const real = [2, -1];
const fake = [0.5, -0.5];
const softplus = (x: number) => Math.log(1 + Math.exp(x));
const meanOf = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
/** Binary cross-entropy of a logit x against a target y: −y ln σ(x) − (1 − y) ln(1 − σ(x)). */
const bce = (x: number, y: number) => y * softplus(-x) + (1 - y) * softplus(x);
const col = (xs: number[]) => tensor(xs.map((x) => [x]));

describe('GAN losses on a hand-computed example', () => {
  it('the discriminator: cross-entropy of real against 1 plus fake against 0 (both BCE losses)', () => {
    const expected = meanOf(real.map((x) => bce(x, 1))) + meanOf(fake.map((x) => bce(x, 0)));
    for (const loss of ['nonSaturating', 'minimax'] as const) {
      expect(discriminatorLoss(col(real), col(fake), loss).item()).toBeCloseTo(expected, 5);
    }
  });

  it('the discriminator with one-sided label smoothing: real against 0.9, fake still against 0', () => {
    const expected = meanOf(real.map((x) => bce(x, 0.9))) + meanOf(fake.map((x) => bce(x, 0)));
    expect(discriminatorLoss(col(real), col(fake), 'nonSaturating', 0.9).item()).toBeCloseTo(expected, 5);
    expect(expected).not.toBeCloseTo(discriminatorLoss(col(real), col(fake), 'nonSaturating').item(), 3);
  });

  it('the discriminator, least squares: ½·mean (D(x) − 1)² + ½·mean D(G(z))² = 1.375', () => {
    // ½·(1² + 2²)/2 + ½·(0.5² + 0.5²)/2 = 1.25 + 0.125
    const expected = 0.5 * meanOf(real.map((x) => (x - 1) ** 2)) + 0.5 * meanOf(fake.map((x) => x ** 2));
    expect(expected).toBeCloseTo(1.375, 12);
    expect(discriminatorLoss(col(real), col(fake), 'leastSquares').item()).toBeCloseTo(expected, 6);
  });

  it('the generator: non-saturating −mean ln σ, minimax mean ln(1 − σ), least squares ½·mean (s − 1)²', () => {
    // least squares: ½·((0.5 − 1)² + (−0.5 − 1)²)/2 = ½·(0.25 + 2.25)/2 = 0.625
    expect(generatorLoss(col(fake), 'nonSaturating').item()).toBeCloseTo(meanOf(fake.map((x) => softplus(-x))), 5);
    expect(generatorLoss(col(fake), 'minimax').item()).toBeCloseTo(-meanOf(fake.map((x) => softplus(x))), 5);
    expect(generatorLoss(col(fake), 'leastSquares').item()).toBeCloseTo(0.625, 6);
  });

  it('at D = ½ everywhere: D loss 2 ln 2, G loss ln 2 (non-saturating) and −ln 2 (minimax)', () => {
    const zero = col([0, 0, 0]);
    expect(discriminatorLoss(zero, zero, 'nonSaturating').item()).toBeCloseTo(2 * Math.LN2, 6);
    expect(generatorLoss(zero, 'nonSaturating').item()).toBeCloseTo(Math.LN2, 6);
    expect(generatorLoss(zero, 'minimax').item()).toBeCloseTo(-Math.LN2, 6);
  });

  it('gradients flow to the scores: the non-saturating G loss pushes fake scores up', () => {
    const scores = tensor([[0.5], [-0.5]], { requiresGrad: true });
    generatorLoss(scores, 'nonSaturating').backward();
    // d/dx softplus(−x)/2 = −σ(−x)/2 < 0: increasing the score lowers the loss.
    const sig = (x: number) => 1 / (1 + Math.exp(-x));
    expect(Array.from(scores.grad?.data ?? [])).toEqual(fake.map((x) => expect.closeTo(-sig(-x) / 2, 6)));
  });

  it('meanVerdict: mean probability for BCE losses, mean raw score for least squares', () => {
    const s = col(real);
    const sig = (x: number) => 1 / (1 + Math.exp(-x));
    expect(meanVerdict(s, 'nonSaturating')).toBeCloseTo(meanOf(real.map(sig)), 6);
    expect(meanVerdict(s, 'leastSquares')).toBeCloseTo(0.5, 6);
  });

  it('rejects an unknown loss, naming the choices', () => {
    expect(GAN_LOSSES).toEqual(['nonSaturating', 'minimax', 'leastSquares']);
    expect(() => checkGanLoss('trainGan', 'wasserstein')).toThrow(ValueError);
    expect(() => generatorLoss(col(fake), 'hinge' as never)).toThrow(/'nonSaturating', 'minimax', 'leastSquares'/);
  });
});
