/**
 * The PyTorch peers of W2–W5 (bench/peers/torch_w*.py) run end to end on tiny data through the
 * harness's own child runner, and their budget rule is the TypeScript one. Only where Debian's
 * /usr/bin/python3 imports torch, and once (in the js project: the peers do not use neurite's backend).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { prefixNote, unitsWithin } from '../../bench/lib/budget.js';
import { PYTHON, probePython } from '../../bench/lib/machine.js';
import { runChild } from '../../bench/lib/spawn.js';
import { locateFashionMnist } from '../../bench/workloads/fmnist.js';
import { W2_PLAN } from '../../bench/workloads/w2-fmnist-mlp.js';
import { W3_PLAN } from '../../bench/workloads/w3-fmnist-cnn.js';
import { sineData, W4_PLAN } from '../../bench/workloads/w4-lstm.js';
import { ringData, W5_PLAN } from '../../bench/workloads/w5-gan.js';
import { fashionLikeFolder } from '../helpers/fashion-like.js';

const ROOT = resolve(import.meta.dirname, '../..');
const hasTorch = process.env.NEURITE_BACKEND !== 'wasm' && probePython().torch !== undefined;

describe.skipIf(!hasTorch)('PyTorch peers of W2–W5', () => {
  it('cut the work to the budget exactly as the TypeScript side does', () => {
    const cases = [
      [{ full: 10_000, granule: 64 }, 9],
      [{ full: 10_000, granule: 64 }, 250],
      [{ full: 10_000, granule: 64 }, 240],
      [{ full: 5, granule: 1 }, 0.1],
      [{ full: 10_000, granule: 64 }, 0.5],
    ] as const;
    const code = `import json, sys; sys.path.insert(0, 'bench/peers'); import train_common as t
cases = json.loads(sys.argv[1])
print(json.dumps([[t.units_within(p, r, 20), t.prefix_note(t.units_within(p, r, 20), p["full"], "images", 20)] for p, r in cases]))`;
    const r = spawnSync(PYTHON, ['-c', code, JSON.stringify(cases)], { cwd: ROOT, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    const expected = cases.map(([p, rate]) => {
      const units = unitsWithin(p, rate, 20);
      return [units, prefixNote(units, p.full, 'images', 20) ?? null];
    });
    expect(JSON.parse(r.stdout)).toEqual(expected);
  });

  it('train on tiny data and report finite figures', async () => {
    const tmp = mkdtempSync(join(tmpdir(), 'neurite-peers-'));
    const fashion = locateFashionMnist([fashionLikeFolder(64, 20)]);
    const tiny = { full: 64, probe: 64 };
    const datasets = [
      ['torch_w2.py', { ...fashion, plan: { ...W2_PLAN, ...tiny } }, 'accuracy'],
      ['torch_w3.py', { ...fashion, plan: { ...W3_PLAN, ...tiny } }, 'accuracy'],
      ['torch_w4.py', { ...(await sineData(40)), plan: { ...W4_PLAN, full: 1 } }, 'final MSE'],
      ['torch_w5.py', { ...(await ringData(3)), plan: { ...W5_PLAN, full: 3, probe: 1 } }, 'modes'],
    ] as const;
    datasets.forEach(([script, data, figure], i) => {
      const dataFile = join(tmp, `data-${i}.json`);
      writeFileSync(dataFile, JSON.stringify(data));
      const variant = { impl: 'torch' as const, label: 'torch 1T', threads: 1, script };
      const spec = { workload: 'W', variant, runs: 1, dataFile, outFile: join(tmp, `out-${i}.json`) };
      const [m] = runChild(spec, ROOT, tmp, i).measurements;
      expect(m?.value, script).toBeGreaterThan(0);
      expect(Number.isFinite(m?.extra?.[figure]), script).toBe(true);
      expect(m?.prefix, script).toBeUndefined();
    });
  });
});
