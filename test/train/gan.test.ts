import { afterEach, describe, expect, it } from 'vitest';
import {
  Adam,
  type AnyModule,
  discriminatorStep,
  type GanCallback,
  type GanOptions,
  generatorStep,
  LeakyReLU,
  Linear,
  lineReporter,
  ReLU,
  Rng,
  resetWarnings,
  Sequential,
  SGD,
  sampleNoise,
  setWarningHandler,
  type Tensor,
  tensor,
  trainGan,
  ValueError,
} from '../../src/index.js';

/** A small GAN on 2-D points: G 2 → 16 → 2, D 2 → 16 → 1, each seeded. */
function tinyGan(seed = 1) {
  const rng = new Rng(seed);
  const generator = new Sequential(new Linear(2, 16, { rng }), new ReLU(), new Linear(16, 2, { rng }));
  const discriminator = new Sequential(new Linear(2, 16, { rng }), new LeakyReLU(0.2), new Linear(16, 1, { rng }));
  const adam = (m: Sequential) => new Adam(m.parameters(), { lr: 1e-3, betas: [0.5, 0.999] });
  return { generator, discriminator, gOptimizer: adam(generator), dOptimizer: adam(discriminator) };
}

const state = (m: AnyModule) => Object.entries(m.stateDict()).map(([k, t]) => [k, Array.from((t as Tensor).data)]);
const grads = (m: AnyModule) => m.parameters().map((p) => (p.grad === null ? null : Array.from(p.grad.data)));
/** Real data: points around (1, 1). */
const realData = (n = 40) => sampleNoise(n, { dim: 2 }, new Rng(9)).mul(0.1).add(1);

afterEach(() => {
  setWarningHandler(null);
  resetWarnings();
});

describe('gradient isolation', () => {
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

  it('trainGan: dSteps discriminator updates and one generator update per step, on the right optimizers', async () => {
    const gan = tinyGan();
    const counts = { g: 0, d: 0 };
    for (const [key, opt] of [
      ['g', gan.gOptimizer],
      ['d', gan.dOptimizer],
    ] as const) {
      const step = opt.step.bind(opt);
      opt.step = () => {
        counts[key] += 1;
        step();
      };
    }
    const history = await trainGan({
      ...gan,
      data: realData(40),
      noise: { dim: 2 },
      batchSize: 8,
      dSteps: 2,
      epochs: 2,
      seed: 1,
      verbose: 0,
    });
    // 5 batches per pass, 2 per step: 3 steps per epoch (the last with one D update).
    expect(history.plan).toMatchObject({ updatesPerEpoch: 3, epochs: 2, updates: 6 });
    expect(counts).toEqual({ g: 6, d: 10 });
    expect(history.steps).toHaveLength(6);
  });
});

function options(overrides: Partial<GanOptions> = {}): GanOptions {
  return {
    ...tinyGan(),
    data: realData(),
    noise: { dim: 2 },
    batchSize: 10,
    epochs: 3,
    seed: 4,
    verbose: 0,
    ...overrides,
  };
}

describe('trainGan', () => {
  it('logs D loss, G loss, D(x) and D(G(z)) per step and their means per epoch', async () => {
    const history = await trainGan(options());
    expect(history.steps).toHaveLength(12);
    const s = history.steps[0];
    expect(s).toMatchObject({ epoch: 1, batch: 1, batches: 4, step: 1, size: 10 });
    expect(s?.loss).toBe(s?.dLoss);
    expect(s?.dLoss).toBeCloseTo(2 * Math.LN2, 0); // near 2 ln 2 while D cannot tell yet
    for (const k of ['dReal', 'dFake'] as const) expect(s?.[k]).toBeGreaterThan(0);
    expect(history.epochs).toHaveLength(3);
    const e = history.epochs[1];
    const epoch2 = history.steps.filter((x) => x.epoch === 2);
    const mean = (k: 'dLoss' | 'gLoss' | 'dReal' | 'dFake') => epoch2.reduce((a, x) => a + x[k], 0) / epoch2.length;
    expect(e?.loss).toBeCloseTo(mean('dLoss'), 12);
    expect(e?.metrics).toEqual({
      gLoss: expect.closeTo(mean('gLoss'), 12),
      dReal: expect.closeTo(mean('dReal'), 12),
      dFake: expect.closeTo(mean('dFake'), 12),
    });
    expect(e?.lr).toBe(1e-3);
    expect(history.stopped).toBeNull();
  });

  it('a fixed seed gives the same history and the same generator twice', async () => {
    const run = async (seed: number) => {
      const o = options({ seed });
      const history = await trainGan(o);
      return {
        steps: history.steps.map(({ dLoss, gLoss, dReal, dFake }) => [dLoss, gLoss, dReal, dFake]),
        g: state(o.generator as Sequential),
      };
    };
    const a = await run(4);
    expect(await run(4)).toEqual(a);
    expect((await run(5)).steps).not.toEqual(a.steps);
  });

  it('each loss trains: minimax G losses are negative, least-squares verdicts are raw scores', async () => {
    const minimax = await trainGan(options({ loss: 'minimax', epochs: 1 }));
    expect(minimax.steps.every((s) => s.gLoss < 0)).toBe(true);
    const ls = await trainGan(options({ loss: 'leastSquares', epochs: 1 }));
    expect(ls.steps[0]?.dLoss).toBeLessThan((2 * Math.LN2) / 2); // ½·E(D − 1)² + ½·E D² starts near ½ for small scores
    const smooth = await trainGan(options({ labelSmoothing: 0.1, epochs: 1 }));
    expect(smooth.steps).toHaveLength(4);
  });

  it('runs `steps` steps of a data function, calling it with the step and the rng', async () => {
    const seen: number[] = [];
    const history = await trainGan(
      options({
        data: (step, rng) => {
          seen.push(step);
          return sampleNoise(8, { dim: 2 }, rng);
        },
        epochs: undefined,
        steps: 7,
        stepsPerEpoch: 3,
      }),
    );
    expect(seen).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(history.epochs.map((e) => e.epoch)).toEqual([1, 2, 3]);
    expect(history.steps.at(-1)).toMatchObject({ step: 7, epoch: 3, batch: 1 });
  });

  it('callbacks see every step and epoch with both networks, and can stop training', async () => {
    const events: string[] = [];
    const callback: GanCallback = {
      onTrainBegin: (ctx) => {
        events.push('begin');
        expect(ctx.model).toBe(ctx.generator);
      },
      onBatchEnd: (log, ctx) => {
        events.push(`step ${log.step}`);
        expect(Number.isFinite(log.gLoss)).toBe(true);
        if (log.step === 6) ctx.stop('enough for now');
      },
      onEpochEnd: (log) => {
        events.push(`epoch ${log.epoch}`);
      },
      onTrainEnd: (history) => {
        events.push(`end ${history.steps.length}`);
      },
    };
    const history = await trainGan(options({ callbacks: [callback] }));
    expect(events).toEqual([
      'begin',
      'step 1',
      'step 2',
      'step 3',
      'step 4',
      'epoch 1',
      'step 5',
      'step 6',
      'epoch 2',
      'end 6',
    ]);
    expect(history.stopped).toMatchObject({ reason: 'callback', epoch: 2, message: 'enough for now' });
  });

  it('shows progress through a reporter, as fit does', async () => {
    const lines: string[] = [];
    await trainGan(options({ reporter: lineReporter({ write: (l) => lines.push(l) }) }));
    expect(lines[0]).toBe(
      'GAN · nonSaturating loss · noise normal(2) · each step: 1 discriminator update, then 1 generator update',
    );
    expect(lines[1]).toBe('40 samples · batch size 10 → 4 updates per epoch · 3 epochs → 12 updates');
    expect(lines[2]).toMatch(/^epoch 1\/3 · loss \d\.\d{4} · gLoss \d\.\d{4} · dReal 0\.\d{4} · dFake 0\.\d{4} · /);
    expect(lines).toHaveLength(5);
  });

  it('a loss that is not finite stops training with an explanation and the last good weights', async () => {
    const warnings: string[] = [];
    setWarningHandler((m) => warnings.push(m));
    const o = options({
      data: (step, rng) => (step === 5 ? tensor([[Number.NaN, 0]]) : sampleNoise(8, { dim: 2 }, rng)),
      epochs: undefined,
      steps: 10,
      stepsPerEpoch: 3,
    });
    const snapshots: unknown[] = [];
    const history = await trainGan({
      ...o,
      callbacks: [
        {
          onEpochEnd: () =>
            void snapshots.push([state(o.generator as Sequential), state(o.discriminator as Sequential)]),
        },
      ],
    });
    expect(history.steps).toHaveLength(4);
    expect(history.epochs).toHaveLength(1);
    expect(history.stopped).toMatchObject({ reason: 'diverged', epoch: 2, batch: 2 });
    expect(history.stopped?.message).toMatch(
      /^Training stopped at step 5 \(epoch 2, step 2 of 3\): the discriminator's loss is NaN/,
    );
    expect(history.stopped?.message).toMatch(/discriminator: Adam lr = 0.001; generator: Adam lr = 0.001/);
    expect(history.stopped?.message).toMatch(/keep the weights from the end of epoch 1/);
    expect([state(o.generator as Sequential), state(o.discriminator as Sequential)]).toEqual(snapshots[0]);
    expect(warnings).toEqual([history.stopped?.message]);
  });

  it('rejects bad options with a hint', async () => {
    const gan = tinyGan();
    const swapped = { ...gan, gOptimizer: gan.dOptimizer, dOptimizer: gan.gOptimizer };
    await expect(trainGan(options(swapped))).rejects.toThrow(
      /gOptimizer holds parameters of the discriminator; give it generator.parameters\(\) only/,
    );
    await expect(trainGan(options({ dOptimizer: 'adam' as never }))).rejects.toThrow(
      /dOptimizer must be an optimizer over the discriminator's parameters/,
    );
    await expect(trainGan(options({ labelSmoothing: 1 }))).rejects.toThrow(/labelSmoothing must be in \[0, 1\)/);
    await expect(trainGan(options({ loss: 'wgan' as never }))).rejects.toThrow(ValueError);
    await expect(trainGan(options({ noise: { dim: 0 } }))).rejects.toThrow(/noise.dim/);
    await expect(trainGan(options({ verbose: 3 as never }))).rejects.toThrow(/verbose/);
    await expect(trainGan(options({ generator: {} as never }))).rejects.toThrow(/generator must be a model/);
    await expect(
      trainGan(options({ gOptimizer: new SGD(gan.generator.parameters(), { lr: 0.1 }), steps: 2 })),
    ).rejects.toThrow(/epochs or steps/);
  });
});
