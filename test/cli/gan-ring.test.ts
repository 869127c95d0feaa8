import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { afterAll, describe, expect, it } from 'vitest';
import { GAN_RING_DEFAULTS, type GanRingOptions, plotRing, ringNetworks, runGanRing } from '../../src/cli/gan-ring.js';
import { memoryIo } from '../../src/cli/io.js';
import { gaussianRing, Rng, randn } from '../../src/index.js';

const dir = mkdtempSync(join(tmpdir(), 'neurite-gan-ring-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
/** A tiny run: 20 steps, a plot every 10. */
const tiny: GanRingOptions = { steps: 20, seed: 1, plotEvery: 10, out: join(dir, 'tiny'), json: false };

/** The colours of a PNG's pixels, as 'r,g,b'. An empty plot has three: white, the grid's 225 gray, the axes' 60 gray. */
function colours(path: string): { width: number; height: number; seen: Set<string> } {
  const png = PNG.sync.read(readFileSync(path));
  const seen = new Set<string>();
  for (let i = 0; i < png.data.length; i += 4) seen.add(`${png.data[i]},${png.data[i + 1]},${png.data[i + 2]}`);
  return { width: png.width, height: png.height, seen };
}

describe('neurite train gan-ring', () => {
  it('--json: the summary keys, finite numbers, human lines on stderr, a plot at the start, every 10 steps and the end', async () => {
    const shared = memoryIo();
    const result = await runGanRing({ ...tiny, json: true }, shared.forJson(true));
    expect(shared.stdout).toHaveLength(1);
    const summary = JSON.parse(shared.stdout[0] as string);
    expect(summary).toMatchObject({ preset: 'gan-ring', seed: 1, steps: 20, stepsRun: 20, stopped: null });
    for (const key of ['modesCovered', 'fractionNearModes', 'trainSeconds', 'dLoss', 'gLoss', 'dReal', 'dFake']) {
      expect(Number.isFinite(summary[key]), key).toBe(true);
    }
    expect(summary.perMode).toHaveLength(8);
    expect(summary.modesCovered).toBe(summary.perMode.filter((c: number) => c >= 20).length);
    expect(summary.fractionNearModes).toBeCloseTo(
      summary.perMode.reduce((a: number, b: number) => a + b, 0) / 2000,
      12,
    );
    expect(summary.dLoss).toBe(result.dLoss);
    expect(shared.stderr[0]).toBe('neurite · gan-ring: 8 Gaussians on a ring of radius 2 (std 0.02) · seed 1');
    expect(shared.stderr).toContain('12,800 samples · batch size 128 → 100 updates per epoch · 1 epoch → 20 updates');
    expect(shared.stderr.some((l) => /^epoch 1\/1 · loss \d\.\d{4} · gLoss \d\.\d{4} · dReal \d\.\d{4}/.test(l))).toBe(
      true,
    );
    expect(shared.stderr.some((l) => /^modes covered: \d of 8/.test(l))).toBe(true);
    expect(summary.files).toEqual(['00', '10', '20'].map((s) => join(dir, 'tiny', `ring-step-${s}.png`)));
    for (const file of summary.files) {
      const png = colours(file);
      expect([png.width, png.height]).toEqual([480, 480]);
    }
    // The real points are gray; the generated ones (drawn on top, 60% opaque) orange over white.
    const last = colours(summary.files[2]);
    expect(last.seen.has('255,255,255')).toBe(true);
    expect([...last.seen].some((c) => c.startsWith('255,') && c !== '255,255,255')).toBe(true);
  });

  it('the same seed repeats exactly; another seed differs', async () => {
    const run = (seed: number) => runGanRing({ ...tiny, seed, out: join(dir, `seed${seed}`) }, memoryIo());
    const [a, b, c] = [await run(1), await run(1), await run(2)];
    const numbers = (r: typeof a) => [
      r.modesCovered,
      r.perMode,
      r.fractionNearModes,
      r.dLoss,
      r.gLoss,
      r.dReal,
      r.dFake,
    ];
    expect(numbers(b)).toEqual(numbers(a));
    expect(c.dLoss).not.toBe(a.dLoss);
  });

  it('training moves the generated points from the centre onto the modes', async () => {
    // G starts as a blob near the origin, 2 away from every mode; after 250 steps its points lie
    // along the ring and a few reach every mode (measured 26 points, 2–5 per mode; 8 of 8 modes
    // covered with 1% of the points each by 2,000 steps).
    const start = await runGanRing({ ...tiny, steps: 1, plotEvery: 1000, out: join(dir, 'start') }, memoryIo());
    const trained = await runGanRing({ ...tiny, steps: 250, plotEvery: 1000, out: join(dir, 'trained') }, memoryIo());
    expect(start.fractionNearModes).toBe(0);
    expect(trained.fractionNearModes).toBeGreaterThan(0.006);
    expect(trained.perMode.filter((c) => c > 0).length).toBeGreaterThanOrEqual(6);
  });

  it('the networks: G maps noise [N, 2] to points [N, 2], D points to one logit [N, 1]', () => {
    const { generator, discriminator } = ringNetworks(new Rng(1));
    expect(generator.forward(randn([5, 2])).shape).toEqual([5, 2]);
    expect(discriminator.forward(randn([5, 2])).shape).toEqual([5, 1]);
    expect(discriminator.parameters().reduce((n, p) => n + p.numel(), 0)).toBe(2 * 64 + 64 + 64 * 64 + 64 + 64 + 1);
    expect(GAN_RING_DEFAULTS).toMatchObject({ steps: 2000, lr: 1e-3, betas: [0.5, 0.999], batchSize: 128 });
  });

  it('plotRing draws the real points gray', () => {
    const path = join(dir, 'plot.png');
    const real = gaussianRing({ n: 200, seed: 1 }).x;
    plotRing(real, randn([0, 2]), path);
    const png = colours(path);
    expect([png.width, png.height]).toEqual([480, 480]);
    const background = ['255,255,255', '225,225,225', '60,60,60'];
    const points = [...png.seen].filter((c) => !background.includes(c));
    expect(points.length).toBeGreaterThan(0);
    for (const c of points) expect(c).toMatch(/^(\d+),\1,\1$/); // gray (blended with white or grid)
  });
});
