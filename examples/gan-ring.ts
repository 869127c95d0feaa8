/**
 * A generative adversarial network (Goodfellow et al., 2014) on the classic 2-D test: 8 Gaussians on
 * a ring of radius 2. Two networks play a game:
 * - the discriminator D looks at a point and says how "real" it looks (one number, a logit);
 * - the generator G turns random noise z into points and wants D to call them real.
 * Each step trains D for one update on a real batch and a generated batch, then G for one update
 * through D's verdict. Nobody shows G where the modes are: it only learns from D's gradient.
 * A generator that "collapses" puts all its points on a few modes; `modeCoverage` counts how many of
 * the 8 it reaches. The loop is written out here; `trainGan` does the same with progress, epochs
 * and callbacks (`neurite train gan-ring` runs it).
 * Run it: `npx tsx examples/gan-ring.ts` (writes neurite-out/gan-ring-example/ring-*.png).
 */
import { fileURLToPath } from 'node:url';
import {
  Adam,
  binaryCrossEntropyWithLogits,
  full,
  gaussianRing,
  LeakyReLU,
  Linear,
  modeCoverage,
  noGrad,
  ReLU,
  Rng,
  Sequential,
  sample,
  sampleNoise,
  type Tensor,
} from '../src/index.js';
import { savePlot } from '../src/node.js';

const NOISE = { dim: 2 }; // G's input: 2 numbers from N(0, 1)

/** Mean distance of points [N, 2] from the circle of radius 2: G finds the ring before the modes. */
function distanceFromRing(points: Tensor): number {
  return points.mul(points).sum(1).sqrt().sub(2).abs().mean().item();
}

/** Real points (gray) and generated ones (orange) in [−3, 3]². */
function plot(real: Tensor, fake: Tensor, path: string): void {
  const xy = (p: Tensor, axis: number) =>
    Array.from({ length: p.shape[0] as number }, (_, i) => p.data[2 * i + axis] as number);
  savePlot(path, {
    width: 480,
    height: 480,
    xRange: [-3, 3],
    yRange: [-3, 3],
    series: [
      { kind: 'scatter', x: xy(real, 0), y: xy(real, 1), color: 'gray', size: 2 },
      { kind: 'scatter', x: xy(fake, 0), y: xy(fake, 1), color: 'orange', size: 2, alpha: 0.6 },
    ],
  });
}

/** Train for `steps` steps; returns both losses per step and how far G's points are from the ring and its modes. */
export async function trainRingGan({
  steps = 2000,
  seed = 1,
  out = undefined as string | undefined,
  log = console.log as (line: string) => void,
} = {}) {
  const rng = new Rng(seed);
  const mlp = (inputs: number, outputs: number, activation: () => ReLU | LeakyReLU) =>
    new Sequential(
      new Linear(inputs, 64, { rng }),
      activation(),
      new Linear(64, 64, { rng }),
      activation(),
      new Linear(64, outputs, { rng }),
    );
  const generator = mlp(2, 2, () => new ReLU()); // noise → a point
  const discriminator = mlp(2, 1, () => new LeakyReLU(0.2)); // a point → a logit ("real?")
  // beta1 = 0.5 instead of 0.9: shorter momentum, since the other player keeps moving the target.
  const gOptimizer = new Adam(generator.parameters(), { lr: 1e-3, betas: [0.5, 0.999] });
  const dOptimizer = new Adam(discriminator.parameters(), { lr: 1e-3, betas: [0.5, 0.999] });
  const batchSize = 128;
  // One-sided label smoothing: D aims at 0.8 for real points, not 1, so it never becomes so sure
  // that G's gradient dies or sends G jumping from mode to mode.
  const realLabel = full([batchSize, 1], 0.8);
  const fakeLabel = full([batchSize, 1], 0);
  const realForG = full([batchSize, 1], 1);
  const { centres } = gaussianRing({ n: 0 });
  const evalPoints = () => sample(generator, 2000, { noise: NOISE, seed: 0 }); // the same noise each time
  const before = distanceFromRing(evalPoints());
  log(`before training: mean distance from the ring ${before.toFixed(3)}`);

  const dLosses: number[] = [];
  const gLosses: number[] = [];
  for (let step = 1; step <= steps; step++) {
    // 1. The discriminator's update: real points should score "real", generated ones "fake".
    //    noGrad: G's points are just data here, so D's loss cannot change G.
    const real = gaussianRing({ n: batchSize, rng }).x;
    const fake = noGrad(() => generator.forward(sampleNoise(batchSize, NOISE, rng)));
    const dLoss = binaryCrossEntropyWithLogits(discriminator.forward(real), realLabel).add(
      binaryCrossEntropyWithLogits(discriminator.forward(fake), fakeLabel),
    );
    dOptimizer.zeroGrad();
    dLoss.backward();
    dOptimizer.step();

    // 2. The generator's update: new points, judged by D; G wants the verdict "real" (the
    //    non-saturating loss: −log D(G(z))). The gradient flows back through D into G, and only
    //    G's optimizer steps (D's gradients from this pass are cleared before D's next update).
    const gLoss = binaryCrossEntropyWithLogits(
      discriminator.forward(generator.forward(sampleNoise(batchSize, NOISE, rng))),
      realForG,
    );
    gOptimizer.zeroGrad();
    gLoss.backward();
    gOptimizer.step();

    dLosses.push(dLoss.item());
    gLosses.push(gLoss.item());
    if (step % 500 === 0 || step === steps) {
      const points = evalPoints();
      const { modesCovered } = modeCoverage(points, centres);
      log(
        `step ${step}: D loss ${dLoss.item().toFixed(3)} (2 ln 2 ≈ 1.386 when D cannot tell) · G loss ` +
          `${gLoss.item().toFixed(3)} · distance from the ring ${distanceFromRing(points).toFixed(3)} · modes ${modesCovered}/8`,
      );
      if (out !== undefined) plot(gaussianRing({ n: 1000, seed: 0 }).x, points, `${out}/ring-${step}.png`);
    }
    if (step % 50 === 0) await new Promise((r) => setTimeout(r, 0)); // let other work run
  }
  const points = evalPoints();
  const coverage = modeCoverage(points, centres);
  log(`modes covered ${coverage.modesCovered} of 8; points per mode ${coverage.perMode.join(' ')}`);
  return { dLosses, gLosses, coverage, distanceBefore: before, distanceAfter: distanceFromRing(points) };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { mkdirSync } = await import('node:fs');
  mkdirSync('neurite-out/gan-ring-example', { recursive: true });
  await trainRingGan({ out: 'neurite-out/gan-ring-example' });
}
