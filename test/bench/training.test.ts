/**
 * The training workloads W2–W5 without timings: each neurite trainer runs on a tiny size and
 * returns finite figures, the measurement picks its units from the probe's rate, the variants say
 * what cannot run and why.
 */
import { describe, expect, it } from 'vitest';
import type { Variant } from '../../bench/lib/types.js';
import { fashionArrays, fashionVariants, locateFashionMnist, neuriteClassifier } from '../../bench/workloads/fmnist.js';
import { WORKLOADS } from '../../bench/workloads/index.js';
import { measureTraining, type Trainer, trainingVariants } from '../../bench/workloads/training.js';
import { neuriteMlp } from '../../bench/workloads/w2-fmnist-mlp.js';
import { neuriteCnn, TFJS_WASM_CNN } from '../../bench/workloads/w3-fmnist-cnn.js';
import { neuriteLstm, neuriteSineModel, sineData } from '../../bench/workloads/w4-lstm.js';
import { neuriteGan, ringData } from '../../bench/workloads/w5-gan.js';
import type { BenchEnv } from '../../bench/workloads/workload.js';
import * as nn from '../../src/node.js';
import { fashionLikeFolder } from '../helpers/fashion-like.js';

const env: BenchEnv = { backends: ['js', 'wasm'], threadSetter: true, cores: 2, python: {}, skip: [] };

describe('W2–W5 neurite trainers on tiny sizes', () => {
  it('W2 MLP and W3 CNN train on one batch of Fashion-MNIST look-alikes and score the test set', async () => {
    const dir = fashionLikeFolder(128, 40);
    const found = locateFashionMnist([dir]);
    expect(found.dir).toBe(dir);
    const data = fashionArrays(nn, found);
    expect(data.xTrain.length).toBe(128 * 784);
    for (const [image, build] of [
      [[784], neuriteMlp],
      [[1, 28, 28], neuriteCnn],
    ] as const) {
      const train = neuriteClassifier(nn, { data, n: 128, image: [...image] }, (rng) => build(nn, rng));
      const run = await train(1, 64);
      expect(Number.isFinite(run.ms) && run.ms >= 0).toBe(true);
      const { accuracy } = run.score();
      expect(accuracy).toBeGreaterThanOrEqual(0);
      expect(accuracy).toBeLessThanOrEqual(1);
    }
  });

  it('W4 builds the Keras-initialized LSTM and trains an epoch to a finite MSE', async () => {
    const model = neuriteSineModel(nn, new nn.Rng(1));
    const bias = Array.from(model.lstm.biasIhL0!.data);
    expect(bias.slice(32, 64).every((v) => v === 1)).toBe(true); // the forget gate's
    expect([...bias.slice(0, 32), ...bias.slice(64)].every((v) => v === 0)).toBe(true);
    const w = model.lstm.weightHhL0; // [128, 32], orthogonal columns: wᵀw = I
    const gram = nn.matmul(w.transpose(0, 1), w).data;
    expect(gram[0]).toBeCloseTo(1, 4);
    expect(gram[1]).toBeCloseTo(0, 4);
    const data = await sineData(64);
    expect(data.length).toBe(33);
    const run = await neuriteLstm(nn, data)(1, 1);
    const mse = run.score()['final MSE']!;
    expect(Number.isFinite(mse) && mse >= 0).toBe(true);
  });

  it('W5 runs a few GAN steps with trainGan and counts the modes', async () => {
    const run = await neuriteGan(nn, await ringData(4))(1, 3);
    const { modes, 'near modes': near } = run.score();
    expect(Number.isInteger(modes) && modes! >= 0 && modes! <= 8).toBe(true);
    expect(near).toBeGreaterThanOrEqual(0);
    expect(near).toBeLessThanOrEqual(1);
  });
});

describe('measureTraining', () => {
  it('probes untimed, cuts a slow variant to the budget and states it, medians the rest', async () => {
    const calls: Array<[number, number]> = [];
    // 10 images/s: the probe of 128 images says 200 fit the 20 s budget → 3 batches of 64.
    const slow: Trainer = async (seed, units) => {
      calls.push([seed, units]);
      return { ms: units * 100, score: () => ({ accuracy: 0.5 + seed / 100 }) };
    };
    const plan = { case: 'c', full: 10_000, granule: 64, probe: 128, unit: 'samples/s', perUnit: 1, what: 'images' };
    const [m] = await measureTraining(slow, plan, 3);
    expect(calls).toEqual([
      [0, 128],
      [1, 192],
      [2, 192],
      [3, 192],
    ]);
    expect(m).toMatchObject({ case: 'c', unit: 'samples/s', better: 'higher', extra: { accuracy: 0.52 } });
    expect(m?.value).toBeCloseTo(10, 9);
    expect(m?.prefix).toBe('first 192 of 10,000 images (20 s budget per run)');
    const fast: Trainer = async () => ({ ms: 1, score: () => ({}) });
    const [all] = await measureTraining(fast, { ...plan, full: 1000 }, 1);
    expect(all?.prefix).toBeUndefined();
    expect(all?.value).toBe(1_000_000);
  });
});

describe('W2–W5 variants', () => {
  const byId = (id: string) => WORKLOADS.find((w) => w.id === id)!;

  it('runs neurite on its fast backend at 1 and 2 threads, the JS reference only when alone', () => {
    expect(trainingVariants(env).map((v) => v.label)).toEqual(['neurite wasm 1T', 'neurite wasm 2T']);
    expect(trainingVariants({ ...env, backends: ['js'] }).map((v) => v.label)).toEqual(['neurite js']);
    for (const id of ['W4', 'W5']) {
      const labels = byId(id)
        .variants(env)
        .map((v) => v.label);
      expect(labels).toEqual(
        expect.arrayContaining(
          ['neurite wasm 1T', 'tfjs cpu fit', 'torch 2T'].map((l) => (id === 'W5' ? l.replace('fit', 'minimize') : l)),
        ),
      );
    }
  });

  it('lists tfjs wasm on the CNN as unable to run, with the reason', () => {
    const found = locateFashionMnist([fashionLikeFolder(8, 8)]);
    const variants = fashionVariants(found, () => byId('W3').variants(env));
    const wasm = variants.find((v: Variant) => v.label === 'tfjs wasm fit');
    expect(wasm?.cannotRun).toBe(TFJS_WASM_CNN);
    expect(variants.filter((v) => v.cannotRun !== undefined)).toHaveLength(1);
  });

  it('skips W2 / W3 with one line saying how to get Fashion-MNIST when it is absent', () => {
    const found = locateFashionMnist(['/nonexistent/fashion']);
    expect(found).toEqual({ dir: null, files: null, searched: ['/nonexistent/fashion'] });
    const variants = fashionVariants(found, () => {
      throw new Error('not listed without data');
    });
    expect(variants).toHaveLength(1);
    expect(variants[0]?.cannotRun).toMatch(
      /Fashion-MNIST not found \(looked in \/nonexistent\/fashion\).*apt-get install dataset-fashion-mnist/,
    );
  });

  it('tfjs-backend-wasm still lacks Conv2DBackpropFilter (else W3 should run it)', async () => {
    const tf = await import('@tensorflow/tfjs');
    await import('@tensorflow/tfjs-backend-wasm');
    expect(tf.getKernel('Conv2D', 'wasm')).toBeDefined();
    expect(tf.getKernel('Conv2DBackpropFilter', 'wasm')).toBeUndefined();
  });
});
