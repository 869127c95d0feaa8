import { describe, expect, it } from 'vitest';
import { arange, Rng, type Tensor, tensor, ValueError } from '../../src/index.js';
import { ganSchedule } from '../../src/train/gan-data.js';

const rows = (n: number) => arange(0, n).reshape([n, 1]);
const values = (batches: Iterable<Tensor[]>) => [...batches].map((step) => step.map((b) => Array.from(b.data)));

describe('ganSchedule with a data tensor', () => {
  it('one epoch is one pass in a seeded random order, one batch per step', () => {
    const s = ganSchedule(rows(10), { batchSize: 4, epochs: 3 });
    expect(s.plan).toEqual({
      samples: 10,
      regime: 'minibatch',
      batchSize: 4,
      updatesPerEpoch: 3,
      epochs: 3,
      updates: 9,
    });
    const epoch = values(s.epoch(1, new Rng(1)));
    expect(epoch.map((step) => step.map((b) => b.length))).toEqual([[4], [4], [2]]);
    expect(epoch.flat(2).sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(epoch.flat(2)).not.toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(values(s.epoch(1, new Rng(1)))).toEqual(epoch);
    expect(values(s.epoch(1, new Rng(2)))).not.toEqual(epoch);
  });

  it('dSteps batches per step (fewer in the last), so fewer steps per pass', () => {
    const s = ganSchedule(rows(10), { batchSize: 3, dSteps: 2 });
    expect(s.plan.updatesPerEpoch).toBe(2); // 4 batches, 2 per step
    expect(s.plan.epochs).toBe(1); // a tensor alone: one epoch
    expect(values(s.epoch(1, new Rng(1))).map((step) => step.map((b) => b.length))).toEqual([
      [3, 3],
      [3, 1],
    ]);
  });

  it('steps: the epochs it takes, the last one cut short', () => {
    const s = ganSchedule(rows(10), { batchSize: 4, steps: 7 });
    expect(s.plan).toMatchObject({ updatesPerEpoch: 3, epochs: 3, updates: 7 });
    expect([...s.epoch(7, new Rng(1))]).toHaveLength(1); // step 7 only: no batch is drawn for step 8
  });

  it('a batch of all rows is full-batch training', () => {
    expect(ganSchedule(rows(10), { batchSize: 64 }).plan).toMatchObject({ regime: 'batch', batchSize: 10 });
  });
});

describe('ganSchedule with a data function', () => {
  it('calls it dSteps times per step with the step number and the rng', () => {
    const calls: number[] = [];
    const rng = new Rng(1);
    const data = (step: number, r: Rng) => {
      expect(r).toBe(rng);
      calls.push(step);
      return tensor([[step]]);
    };
    const s = ganSchedule(data, { steps: 250, dSteps: 2, batchSize: 32 });
    expect(s.plan).toEqual({
      samples: 100 * 2 * 32,
      regime: 'minibatch',
      batchSize: 32,
      updatesPerEpoch: 100,
      epochs: 3,
      updates: 250,
    });
    const epoch = [...s.epoch(101, rng)];
    expect(epoch).toHaveLength(100);
    expect(calls.slice(0, 4)).toEqual([101, 101, 102, 102]);
  });

  it('stepsPerEpoch sets the epochs of a data function', () => {
    const s = ganSchedule(() => tensor([[0]]), { epochs: 4, stepsPerEpoch: 25 });
    expect(s.plan).toMatchObject({ updatesPerEpoch: 25, epochs: 4, updates: 100 });
  });

  it('says what a bad batch is', () => {
    const s = ganSchedule(() => tensor(1), { steps: 1 });
    expect(() => [...s.epoch(1, new Rng(1))]).toThrow(
      /data\(1, rng\) must return a batch of real samples \[B, \.\.\.\], got a tensor of shape \[\]/,
    );
  });
});

describe('ganSchedule errors', () => {
  it.each([
    [{ epochs: 1, steps: 1 }, /epochs or steps, not both/],
    [{ steps: 0 }, /steps must be a positive whole number/],
    [{ epochs: 1.5 }, /epochs must be/],
    [{ batchSize: 0 }, /batchSize must be/],
    [{ dSteps: -1 }, /dSteps must be/],
    [{ stepsPerEpoch: 10 }, /stepsPerEpoch is for data functions/],
  ])('tensor data with %o', (options, message) => {
    expect(() => ganSchedule(rows(10), options)).toThrow(message);
  });

  it('a function needs steps or epochs; an empty tensor or other data is refused', () => {
    expect(() => ganSchedule(() => tensor([[0]]), {})).toThrow(/give steps/);
    expect(() => ganSchedule(tensor(new Float32Array(0), { shape: [0, 2] }), {})).toThrow(/holds no samples/);
    expect(() => ganSchedule([[1, 2]] as never, {})).toThrow(ValueError);
  });
});
