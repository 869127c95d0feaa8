import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { afterAll, describe, expect, it } from 'vitest';
import {
  digitsNetworks,
  GAN_DIGITS_DEFAULTS,
  type GanDigitsOptions,
  runGanDigits,
  scoreDigits,
  toImages,
  trainDigitsClassifier,
} from '../../src/cli/gan-digits.js';
import { memoryIo } from '../../src/cli/io.js';
import { loadDigits, Rng, randn, tensor } from '../../src/index.js';

const dir = mkdtempSync(join(tmpdir(), 'neurite-gan-digits-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
/** A tiny run: one GAN step, a classifier of one epoch (the GAN's steps are slow on the js backend). */
const tiny: GanDigitsOptions = {
  epochs: 1,
  steps: 1,
  seed: 1,
  classifierEpochs: 1,
  out: join(dir, 'tiny'),
  json: false,
};
// Grid cells: 8×8 pixels at scale 4, 2 pixels of padding around each.
const CELL = 8 * 4 + 2;

/**
 * The mean absolute difference between the mean image of a sample grid (8 rows of 8 digits) and the
 * mean of the 1,797 real digits, in [0, 1]: how far the samples are from looking like digits on average.
 */
function distanceFromRealMean(gridPath: string): number {
  const png = PNG.sync.read(readFileSync(gridPath));
  const { x } = loadDigits();
  const diff = new Float64Array(64);
  for (let i = 0; i < x.data.length; i++) diff[i % 64] = (diff[i % 64] as number) - (x.data[i] as number) / 1797;
  for (let cell = 0; cell < 64; cell++) {
    const [row, col] = [Math.floor(cell / 8), cell % 8];
    for (let py = 0; py < 8; py++) {
      for (let px = 0; px < 8; px++) {
        const [gx, gy] = [2 + col * CELL + px * 4, 2 + row * CELL + py * 4];
        const p = py * 8 + px;
        diff[p] = (diff[p] as number) + (png.data[4 * (gy * png.width + gx)] as number) / 255 / 64;
      }
    }
  }
  return diff.reduce((s, d) => s + Math.abs(d), 0) / 64;
}

describe('neurite train gan-digits', () => {
  it('--json: the summary keys, finite numbers, 1,000 scored samples, human lines on stderr, valid grids', async () => {
    const io = memoryIo();
    const result = await runGanDigits({ ...tiny, json: true }, io.forJson(true));
    expect(io.stdout).toHaveLength(1);
    const summary = JSON.parse(io.stdout[0] as string);
    expect(summary).toMatchObject({ preset: 'gan-digits', seed: 1, epochs: 1, epochsRun: 1, steps: 1, stopped: null });
    for (const key of [
      'meanTopProbability',
      'classifierAccuracy',
      'trainSeconds',
      'dLoss',
      'gLoss',
      'dReal',
      'dFake',
    ]) {
      expect(Number.isFinite(summary[key]), key).toBe(true);
    }
    expect(summary.classHistogram).toHaveLength(10);
    expect(summary.classHistogram.reduce((a: number, b: number) => a + b, 0)).toBe(1000);
    expect(summary.meanTopProbability).toBeGreaterThanOrEqual(0.1); // a top class of 10 has at least 1/10
    expect(summary.meanTopProbability).toBeLessThanOrEqual(1);
    expect(summary.meanTopProbability).toBe(result.meanTopProbability);
    expect(io.stderr[0]).toMatch(/^neurite · gan-digits: a GAN drawing 8×8 digits/);
    expect(io.stderr).toContain('1,797 samples · batch size 64 → 29 updates per epoch · 1 epoch → 1 update');
    expect(
      io.stderr.some((l) => /^1000 samples as the classifier sees them \(digits 0–9\): (\d+ ){9}\d+$/.test(l)),
    ).toBe(true);
    expect(summary.files).toEqual(['samples-epoch-1.png', 'samples.png'].map((f) => join(dir, 'tiny', f)));
    for (const file of summary.files) {
      const png = PNG.sync.read(readFileSync(file));
      expect([png.width, png.height]).toEqual([8 * CELL + 2, 8 * CELL + 2]);
    }
    // The untrained generator draws flat gray squares, far from the digits' mean image.
    expect(distanceFromRealMean(summary.files[1])).toBeGreaterThan(0.25); // measured 0.277
  });

  it('--steps overrides --epochs; training moves the samples towards the real digits', async () => {
    const io = memoryIo();
    const result = await runGanDigits({ ...tiny, epochs: 50, steps: 31, out: join(dir, 'short') }, io);
    expect(result).toMatchObject({ epochs: 2, epochsRun: 2, steps: 31 });
    expect(io.stdout).toContain('1,797 samples · batch size 64 → 29 updates per epoch · 2 epochs → 31 updates');
    expect(result.files.map((f) => f.slice(f.lastIndexOf('/') + 1))).toEqual([
      'samples-epoch-1.png',
      'samples-epoch-2.png',
      'samples.png',
    ]);
    expect(distanceFromRealMean(result.files[2] as string)).toBeLessThan(0.2); // measured 0.143 after 29 steps
  });

  it('the same seed repeats exactly; another seed differs', async () => {
    const run = (seed: number) => runGanDigits({ ...tiny, steps: 2, seed, out: join(dir, `seed${seed}`) }, memoryIo());
    const [a, b, c] = [await run(1), await run(1), await run(2)];
    const numbers = (r: typeof a) => [r.classHistogram, r.meanTopProbability, r.classifierAccuracy, r.dLoss, r.gLoss];
    expect(numbers(b)).toEqual(numbers(a));
    expect(c.dLoss).not.toBe(a.dLoss);
  });

  it('the scoring classifier learns the real digits and scores them confidently, class by class', async () => {
    const { model, accuracy } = await trainDigitsClassifier(new Rng(1), 10);
    expect(accuracy).toBeGreaterThan(0.9); // measured 0.942 (60 epochs, the default: 0.96–0.99)
    const { x } = loadDigits();
    const score = scoreDigits(model, x.reshape([1797, 64]));
    // 170–190 real digits per class; the classifier agrees to within a few.
    for (const count of score.classHistogram) expect(count).toBeGreaterThan(150);
    expect(score.classHistogram.reduce((a, b) => a + b, 0)).toBe(1797);
    expect(score.meanTopProbability).toBeGreaterThan(0.8); // measured 0.879
  });

  it('the networks: G maps noise [N, 64] to pixels [N, 64] in (−1, 1), D to one logit; toImages maps to [N, 1, 8, 8] in [0, 1]', () => {
    const { generator, discriminator } = digitsNetworks(new Rng(1));
    const samples = generator.forward(randn([5, GAN_DIGITS_DEFAULTS.noiseDim]));
    expect(samples.shape).toEqual([5, 64]);
    for (const v of samples.data) expect(Math.abs(v)).toBeLessThan(1);
    expect(discriminator.forward(samples).shape).toEqual([5, 1]);
    const images = toImages(tensor([[-1, 0, 1, ...new Array(61).fill(0)]]));
    expect(images.shape).toEqual([1, 1, 8, 8]);
    expect(Array.from(images.data.slice(0, 3))).toEqual([0, 0.5, 1]);
  });
});
