import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { PNG } from 'pngjs';
import { afterEach, describe, expect, it } from 'vitest';
import { registerTrain } from '../../../src/cli/commands/train.js';
import { CNN_DEFAULTS, MAX_MISTAKES, runTrainCnn, type TrainCnnOptions } from '../../../src/cli/commands/train-cnn.js';
import { memoryIo } from '../../../src/cli/io.js';
import { resetWarnings, setWarningHandler } from '../../../src/index.js';
import { runCli } from '../../helpers/cli.js';
import { fashionLikeFolder } from '../../helpers/fashion-like.js';

const out = mkdtempSync(join(tmpdir(), 'neurite-train-cnn-'));
const digits = (options: Partial<TrainCnnOptions>): TrainCnnOptions => ({
  ...CNN_DEFAULTS['digits-cnn'],
  json: false,
  out: join(out, 'digits'),
  ...options,
});

function png(path: string): PNG {
  return PNG.sync.read(readFileSync(path));
}

afterEach(() => {
  setWarningHandler(null);
  resetWarnings();
});

describe('neurite train digits-cnn', () => {
  it('4 epochs beat 0.8 test accuracy; prints the plan, progress, accuracy, matrix and where the pictures went', async () => {
    const io = memoryIo();
    const result = await runTrainCnn('digits-cnn', digits({ epochs: 4 }), io);
    expect(io.stderr).toEqual([]);
    expect(result).toMatchObject({
      trainSamples: 1347,
      testSamples: 450,
      batchSize: 64,
      updates: 4 * 22,
      stopped: null,
    });
    expect(result.testAccuracy).toBeGreaterThan(0.8);
    expect(io.stdout[0]).toMatch(/^neurite · digits-cnn: 1,347 training and 450 test images of 1×8×8 · .* · seed 1$/);
    expect(io.stdout[1]).toMatch(/conv 5×5 ×8 same → ReLU → max-pool 2 → .* linear 64 → 10 · 4,074 parameters/);
    expect(io.stdout).toContain('1,347 samples · batch size 64 → 22 updates per epoch · 4 epochs → 88 updates');
    expect(io.stdout.filter((l) => /^epoch \d\/4 · loss \d\.\d{4} · accuracy/.test(l))).toHaveLength(4);
    const correct = Math.round(result.testAccuracy * 450);
    expect(
      io.stdout.some((l) => l.startsWith(`test accuracy ${result.testAccuracy.toFixed(4)} (${correct} of 450`)),
    ).toBe(true);
    expect(io.stdout.find((l) => l.startsWith('true \\ predicted'))).toMatch(/0\s+1\s+2\s+.*\s+9$/);
    expect(result.confusionMatrix.flat().reduce((a, b) => a + b, 0)).toBe(450);
    expect(io.stdout).toContain(`pictures in ${join(out, 'digits')}:`);

    // The pictures: 8 filters of 5×5 at scale 8 with 2-pixel padding; the mistakes 8 per row.
    const [filters, mistakesPng, mistakesJson] = result.files;
    expect(result.files).toEqual(['filters.png', 'mistakes.png', 'mistakes.json'].map((f) => join(out, 'digits', f)));
    expect([png(filters as string).width, png(filters as string).height]).toEqual([8 * 40 + 9 * 2, 40 + 2 * 2]);
    const listed = JSON.parse(readFileSync(mistakesJson as string, 'utf8'));
    expect(listed.misclassified).toBe(450 - correct);
    expect(listed.shown).toHaveLength(Math.min(MAX_MISTAKES, 450 - correct));
    for (const m of listed.shown) expect(m.true).not.toBe(m.predicted);
    const rows = Math.ceil(listed.shown.length / 8);
    expect(png(mistakesPng as string).height).toBe(rows * 48 + (rows + 1) * 2);
  });

  it('--json: one JSON line with the documented keys; the same seed repeats exactly, --limit trains on fewer', async () => {
    const shared = memoryIo();
    await runTrainCnn('digits-cnn', digits({ epochs: 2, json: true, limit: 300 }), shared.forJson(true));
    expect(shared.stdout).toHaveLength(1);
    const summary = JSON.parse(shared.stdout[0] as string);
    for (const key of [
      'preset',
      'seed',
      'epochs',
      'batchSize',
      'lr',
      'trainSamples',
      'testSamples',
      'updates',
      'testAccuracy',
      'confusionMatrix',
      'trainSeconds',
      'files',
    ]) {
      expect(summary).toHaveProperty(key);
    }
    expect(summary).toMatchObject({ preset: 'digits-cnn', seed: 1, epochs: 2, lr: 0.001, trainSamples: 300 });
    expect(summary.testSamples).toBe(450); // the limit never shrinks the test part
    expect(summary.updates).toBe(2 * 5);
    expect(shared.stderr.some((l) => l.startsWith('test accuracy'))).toBe(true);
    const again = await runTrainCnn('digits-cnn', digits({ epochs: 2, limit: 300 }), memoryIo());
    expect(again.trainLoss).toBe(summary.trainLoss);
    expect(again.confusionMatrix).toEqual(summary.confusionMatrix);
  });

  it('without a terminal, long epochs also report every tenth of the epoch', async () => {
    const io = memoryIo();
    await runTrainCnn('digits-cnn', digits({ epochs: 1, limit: 800, batchSize: 8 }), io);
    const lines = io.stdout.filter((l) => l.startsWith('  epoch 1/1 · batch '));
    expect(lines.map((l) => l.match(/batch (\d+)\/100/)?.[1])).toEqual([
      '10',
      '20',
      '30',
      '40',
      '50',
      '60',
      '70',
      '80',
      '90',
    ]);
    expect(lines[0]).toMatch(/· batch loss \d\.\d{4} · \d+ s$/);
  });

  it('rejects bad options with a message', async () => {
    const parse = async (...args: string[]) => {
      const errors: string[] = [];
      const program = new Command()
        .exitOverride()
        .configureOutput({ writeErr: (s) => errors.push(s), writeOut: () => {} });
      registerTrain(program, memoryIo());
      await expect(program.parseAsync(['node', 'neurite', 'train', ...args])).rejects.toThrow();
      return errors.join('');
    };
    expect(await parse('digits-cnn', '--limit', '0')).toMatch(/--limit must be a whole number >= 1, got '0'/);
    expect(await parse('digits-cnn', '--lr', 'slow')).toMatch(/--lr must be a number, got 'slow'/);
    expect(await parse('digits-cnn', '--data', 'x')).toMatch(/unknown option '--data'/);
    await expect(runTrainCnn('digits-cnn', digits({ lr: -1 }), memoryIo())).rejects.toThrow(/Adam: lr must be > 0/);
  });
});

describe('neurite train fashion-cnn', () => {
  it('trains on any folder of the four IDX files and learns them (a synthetic look-alike here)', async () => {
    const io = memoryIo();
    const result = await runTrainCnn(
      'fashion-cnn',
      {
        ...CNN_DEFAULTS['fashion-cnn'],
        epochs: 3,
        data: fashionLikeFolder(200, 100, 12),
        out: join(out, 'fashion'),
        json: false,
      },
      io,
    );
    expect(result).toMatchObject({ trainSamples: 200, testSamples: 100, updates: 3 * 4 });
    expect(result.testAccuracy).toBeGreaterThan(0.6);
    expect(io.stdout[0]).toMatch(/of 1×12×12/);
    expect(io.stdout[1]).toMatch(/linear 144 → 10 ·/);
    expect(io.stdout.find((l) => l.startsWith('true \\ predicted'))).toMatch(/T-shirt\/top\s+Trouser.*Ankle boot$/);
    expect(png(join(out, 'fashion', 'filters.png')).width).toBe(8 * 40 + 9 * 2);
  });

  it("the real CLI: a missing data set gets the loader's error saying how to get it, exit code 1, no stack trace", async () => {
    const empty = mkdtempSync(join(tmpdir(), 'neurite-no-fashion-'));
    const { code, stdout, stderr } = await runCli('train', 'fashion-cnn', '--data', empty, '--out', join(out, 'none'));
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/^error: loadFashionMnist: Fashion-MNIST not found\. Looked in:/);
    expect(stderr).toMatch(/missing train-images-idx3-ubyte\(\.gz\)/);
    expect(stderr).toMatch(/sudo apt-get install dataset-fashion-mnist/);
    expect(stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(existsSync(join(out, 'none'))).toBe(false);
  });
});
