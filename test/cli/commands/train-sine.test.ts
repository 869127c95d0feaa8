import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { afterAll, describe, expect, it } from 'vitest';
import {
  runSineLstm,
  SINE_DEFAULTS,
  SINE_WINDOW,
  SineForecaster,
  type SineOptions,
} from '../../../src/cli/commands/train-sine.js';
import { memoryIo } from '../../../src/cli/io.js';
import { Rng, randn } from '../../../src/index.js';
import { trainParseOutput } from '../../helpers/train-parse.js';

const dir = mkdtempSync(join(tmpdir(), 'neurite-sine-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
/** A tiny run: few windows, one epoch. */
const tiny: SineOptions = { ...SINE_DEFAULTS, epochs: 1, trainWindows: 64, testWindows: 32, out: dir, json: false };

describe('neurite train sine-lstm', () => {
  it('--json: the summary keys, finite numbers, human lines on stderr and a valid PNG', async () => {
    const shared = memoryIo();
    const result = await runSineLstm({ ...tiny, json: true }, shared.forJson(true));
    expect(shared.stdout).toHaveLength(1);
    const summary = JSON.parse(shared.stdout[0] as string);
    expect(summary).toMatchObject({ preset: 'sine-lstm', seed: 1, epochs: 1, epochsRun: 1, hidden: 32, stopped: null });
    for (const key of ['testMse', 'baselineMse', 'ratio', 'trainMse', 'trainSeconds', 'cpuSeconds', 'lr']) {
      expect(Number.isFinite(summary[key]), key).toBe(true);
    }
    expect(summary.ratio).toBeCloseTo(summary.baselineMse / summary.testMse, 10);
    expect(summary.testMse).toBe(result.testMse);
    expect(shared.stderr[0]).toMatch(/^neurite · sine-lstm: windows of 32 noisy sine steps/);
    expect(shared.stderr).toContain('64 samples · batch size 32 → 2 updates per epoch · 1 epoch → 2 updates');
    expect(shared.stderr.some((l) => /^test MSE \d\.\d{5} · repeat-the-last-value baseline \d\.\d{5} · /.test(l))).toBe(
      true,
    );
    expect(summary.plot).toBe(join(dir, 'predictions.png'));
    const png = PNG.sync.read(readFileSync(summary.plot));
    expect([png.width, png.height]).toEqual([640, 480]);
    // Not a blank picture: the gray truth and the orange predictions are drawn.
    const colors = new Set<string>();
    for (let i = 0; i < png.data.length; i += 4) colors.add(`${png.data[i]},${png.data[i + 1]},${png.data[i + 2]}`);
    expect(colors.has('127,127,127')).toBe(true);
    expect(colors.has('255,127,14')).toBe(true);
  });

  it('the baseline is the MSE of repeating the last input value; a short run beats it', async () => {
    const io = memoryIo();
    const result = await runSineLstm({ ...tiny, epochs: 2, trainWindows: 480, testWindows: 100 }, io);
    // Noisy sines with 0.02–0.12 cycles per step: repeating the last value is off by ≈ 2π·f per step.
    expect(result.baselineMse).toBeGreaterThan(0.05);
    expect(result.baselineMse).toBeLessThan(0.2);
    expect(result.testMse).toBeLessThan(result.baselineMse);
    expect(result.trainMse).toBeLessThan(0.2);
  });

  it('the same seed repeats exactly; another seed differs', async () => {
    const a = await runSineLstm(tiny, memoryIo());
    const b = await runSineLstm(tiny, memoryIo());
    const c = await runSineLstm({ ...tiny, seed: 2 }, memoryIo());
    expect([b.testMse, b.trainMse, b.baselineMse]).toEqual([a.testMse, a.trainMse, a.baselineMse]);
    expect(c.baselineMse).not.toBe(a.baselineMse);
  });

  it('the forecaster maps windows [N, 32, 1] to one value each [N, 1]', () => {
    const model = new SineForecaster(8, new Rng(0));
    expect(model.forward(randn([5, SINE_WINDOW, 1])).shape).toEqual([5, 1]);
    expect(Object.keys(model.stateDict())).toEqual([
      'lstm.weight_ih_l0',
      'lstm.weight_hh_l0',
      'lstm.bias_ih_l0',
      'lstm.bias_hh_l0',
      'head.weight',
      'head.bias',
    ]);
  });

  it('is registered under neurite train, with its defaults and checked options', async () => {
    const parse = (...args: string[]) => trainParseOutput('sine-lstm', ...args);
    const help = await parse('--help');
    for (const flag of ['--epochs', '--hidden', '--lr', '--seed', '--json', '--out <dir>'])
      expect(help).toContain(flag);
    expect(await parse('--hidden', '0')).toMatch(/--hidden must be a whole number >= 1, got '0'/);
    expect(await parse('--lr', 'fast')).toMatch(/--lr must be a number, got 'fast'/);
  });
});
