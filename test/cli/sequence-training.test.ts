import { describe, expect, it } from 'vitest';
import { cpuSecondsSince, trainClipped } from '../../src/cli/sequence-training.js';
import {
  type EpochLog,
  Linear,
  mseLoss,
  noGrad,
  type Reporter,
  Rng,
  randn,
  SGD,
  type Tensor,
  type TrainingPlan,
} from '../../src/index.js';

/** y = 3·x₀ − 2·x₁ + 1 on 64 random points. */
function data() {
  const x = randn([64, 2], { rng: new Rng(1) });
  const y = noGrad(() =>
    x
      .slice(1, 0, 1)
      .mul(3)
      .sub(x.slice(1, 1, 2).mul(2))
      .add(1),
  );
  return { x, y };
}

function recorder() {
  const events: string[] = [];
  const logs: EpochLog[] = [];
  const reporter: Reporter = {
    onTrainBegin: (plan: TrainingPlan) => events.push(`begin ${plan.updates}`),
    onBatchEnd: (log) => events.push(`batch ${log.epoch}.${log.batch}`),
    onEpochEnd: (log) => {
      logs.push(log);
      events.push(`epoch ${log.epoch}`);
    },
    onTrainEnd: () => events.push('end'),
  };
  return { events, logs, reporter };
}

describe('trainClipped', () => {
  it('trains with clipped steps, reports plan, batches and epochs, and validates after each epoch', async () => {
    const model = new Linear(2, 1, { rng: new Rng(2) });
    const { events, logs, reporter } = recorder();
    const after: number[] = [];
    const history = await trainClipped(model, data(), {
      loss: mseLoss,
      optimizer: new SGD(model.parameters(), { lr: 0.1 }),
      epochs: 20,
      batchSize: 16,
      maxNorm: 5,
      rng: new Rng(3),
      reporter,
      validate: () => 0.5,
      afterEpoch: (log) => after.push(log.epoch),
    });
    expect(events.slice(0, 6)).toEqual(['begin 80', 'batch 1.1', 'batch 1.2', 'batch 1.3', 'batch 1.4', 'epoch 1']);
    expect(events.at(-1)).toBe('end');
    expect(history.epochs).toHaveLength(20);
    expect(history.stopped).toBeNull();
    expect(after).toHaveLength(20);
    expect(logs.every((l) => l.valLoss === 0.5 && l.lr === 0.1)).toBe(true);
    expect(history.epochs[19]?.loss).toBeLessThan((history.epochs[0]?.loss as number) / 10);
    expect(Array.from(model.weight.data).map((v) => +v.toFixed(1))).toEqual([3, -2]);
  });

  it('bounds each update: with SGD at lr 1, the weights move by at most maxNorm per step', async () => {
    const model = new Linear(2, 1, { rng: new Rng(2) });
    const before = [...model.parameters().flatMap((p) => Array.from(p.data))];
    const history = await trainClipped(model, data(), {
      loss: mseLoss,
      optimizer: new SGD(model.parameters(), { lr: 1 }),
      epochs: 1,
      batchSize: 64,
      maxNorm: 0.01,
      rng: new Rng(3),
      reporter: {},
    });
    const after = model.parameters().flatMap((p) => Array.from(p.data));
    const moved = Math.hypot(...after.map((v, i) => v - (before[i] as number)));
    expect(history.epochs).toHaveLength(1);
    expect(moved).toBeGreaterThan(0.009);
    expect(moved).toBeLessThanOrEqual(0.01 + 1e-6);
  });

  it('stops a run whose loss is not finite, keeping the initial weights, as fit does', async () => {
    const model = new Linear(2, 1, { rng: new Rng(2) });
    const initial = Array.from(model.weight.data);
    const history = await trainClipped(model, data(), {
      loss: (out: Tensor, y: Tensor) => mseLoss(out, y).mul(Number.NaN),
      optimizer: new SGD(model.parameters(), { lr: 0.1 }),
      epochs: 3,
      batchSize: 16,
      maxNorm: 1,
      rng: new Rng(3),
      reporter: {},
    });
    expect(history.stopped).toMatchObject({ reason: 'diverged', epoch: 1, batch: 1 });
    expect(history.stopped?.message).toMatch(/the loss overflowed/);
    expect(history.epochs).toHaveLength(0);
    expect(Array.from(model.weight.data)).toEqual(initial);
  });
});

describe('cpuSecondsSince', () => {
  it('counts the CPU time used since a process.cpuUsage() reading', () => {
    const start = process.cpuUsage();
    let s = 0;
    for (let i = 0; i < 1e6; i++) s += Math.sqrt(i);
    expect(s).toBeGreaterThan(0);
    const used = cpuSecondsSince(start);
    expect(used).toBeGreaterThan(0);
    expect(used).toBeLessThan(60);
  });
});
