/**
 * The losses of a GAN's two players. The discriminator D scores samples (a logit: high = "real");
 * the generator G turns noise into samples. D learns to tell real samples from G's; G learns to
 * make D call its samples real. Three classic ways to turn that game into two losses:
 * - 'minimax' (Goodfellow et al., 2014, "Generative Adversarial Nets"): G minimizes
 *   E[ln(1 − D(G(z)))], the exact opposite of D's objective. Its gradient vanishes while D wins
 *   easily, early in training, so it learns slowly.
 * - 'nonSaturating' (same paper, the variant it recommends): G maximizes E[ln D(G(z))] instead,
 *   i.e. minimizes the cross-entropy of D's score on fakes against the label "real". The usual choice.
 * - 'leastSquares' (Mao et al., 2017, "Least Squares Generative Adversarial Networks"): D's raw
 *   score is regressed onto 1 for real and 0 for fake, and G pulls its samples' scores to 1.
 */
import { full, zeros } from '../creation.js';
import { ValueError } from '../errors.js';
import { add, binaryCrossEntropyWithLogits, mean, mseLoss, mul, neg, sigmoid } from '../ops/index.js';
import type { Tensor } from '../tensor.js';

/** How the two players' losses are built from the discriminator's scores (see the file comment). */
export type GanLoss = 'nonSaturating' | 'minimax' | 'leastSquares';

/** The GAN losses by name. */
export const GAN_LOSSES: readonly GanLoss[] = ['nonSaturating', 'minimax', 'leastSquares'];

/** @throws ValueError naming the choices when `loss` is not a GAN loss. */
export function checkGanLoss(op: string, loss: string): GanLoss {
  if (!(GAN_LOSSES as readonly string[]).includes(loss)) {
    throw new ValueError(`${op}: loss must be one of ${GAN_LOSSES.map((l) => `'${l}'`).join(', ')}, got '${loss}'`);
  }
  return loss as GanLoss;
}

/**
 * The discriminator's loss on a batch of real and a batch of generated samples, from its raw
 * scores. For 'nonSaturating' and 'minimax' (the same D loss) it is the binary cross-entropy of
 * the logits against the labels real = `realLabel` and fake = 0, summed over the two batches:
 * −mean ln σ(D(x)) − mean ln(1 − σ(D(G(z)))) for realLabel 1 (2 ln 2 ≈ 1.386 when D cannot tell them
 * apart). For 'leastSquares': ½·mean (D(x) − realLabel)² + ½·mean D(G(z))².
 * @param realScores D's outputs on real samples, e.g. `[B, 1]`.
 * @param fakeScores D's outputs on generated samples, e.g. `[B', 1]`.
 * @param realLabel the target of real samples: 1, or 1 − labelSmoothing (one-sided label smoothing,
 *   Salimans et al., 2016, "Improved Techniques for Training GANs").
 * @returns a scalar tensor.
 * @example
 * import { discriminatorLoss, tensor } from 'neurite';
 * discriminatorLoss(tensor([[0]]), tensor([[0]]), 'nonSaturating').item(); // 2 ln 2 ≈ 1.3863
 */
export function discriminatorLoss(realScores: Tensor, fakeScores: Tensor, loss: GanLoss, realLabel = 1): Tensor {
  checkGanLoss('discriminatorLoss', loss);
  const realTarget = full(realScores.shape, realLabel, { dtype: realScores.dtype });
  const fakeTarget = zeros(fakeScores.shape, { dtype: fakeScores.dtype });
  if (loss === 'leastSquares') {
    return mul(add(mseLoss(realScores, realTarget), mseLoss(fakeScores, fakeTarget)), 0.5);
  }
  return add(
    binaryCrossEntropyWithLogits(realScores, realTarget),
    binaryCrossEntropyWithLogits(fakeScores, fakeTarget),
  );
}

/**
 * The generator's loss from the discriminator's raw scores on generated samples:
 * 'nonSaturating': −mean ln σ(D(G(z))) (cross-entropy against "real");
 * 'minimax': mean ln(1 − σ(D(G(z)))) (minus the cross-entropy against "fake"; negative, and
 * falling towards −∞ as G wins); 'leastSquares': ½·mean (D(G(z)) − 1)².
 * @param fakeScores D's outputs on generated samples, e.g. `[B, 1]`.
 * @returns a scalar tensor.
 * @example
 * import { generatorLoss, tensor } from 'neurite';
 * generatorLoss(tensor([[0]]), 'nonSaturating').item(); // ln 2 ≈ 0.6931
 * generatorLoss(tensor([[0]]), 'minimax').item();       // −ln 2
 */
export function generatorLoss(fakeScores: Tensor, loss: GanLoss): Tensor {
  checkGanLoss('generatorLoss', loss);
  const ones = full(fakeScores.shape, 1, { dtype: fakeScores.dtype });
  switch (loss) {
    case 'nonSaturating':
      return binaryCrossEntropyWithLogits(fakeScores, ones);
    case 'minimax':
      return neg(binaryCrossEntropyWithLogits(fakeScores, zeros(fakeScores.shape, { dtype: fakeScores.dtype })));
    case 'leastSquares':
      return mul(mseLoss(fakeScores, ones), 0.5);
  }
}

/**
 * What the discriminator says of a batch, as one number: the mean probability σ(score) that the
 * samples are real for the cross-entropy losses, the mean raw score for 'leastSquares' (whose
 * targets are 1 and 0 themselves). Near 1: "real"; near 0: "fake"; ½ when D cannot tell.
 * @example meanVerdict(tensor([[0], [0]]), 'nonSaturating') // 0.5
 */
export function meanVerdict(scores: Tensor, loss: GanLoss): number {
  const values = loss === 'leastSquares' ? scores.detach() : sigmoid(scores.detach());
  return mean(values).item();
}
