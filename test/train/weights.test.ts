import { describe, expect, it } from 'vitest';
import {
  BatchNorm1d,
  Linear,
  Rng,
  restoreWeights,
  Sequential,
  snapshotWeights,
  tensor,
  weightSaver,
} from '../../src/index.js';

describe('weight snapshots', () => {
  it('copies a module and restores it in place, any number of times', () => {
    const model = new Sequential(new Linear(3, 2, { rng: new Rng(1) }));
    const weight = model.parameters()[0];
    const before = Array.from(weight?.data ?? []);
    const snap = snapshotWeights(model);
    expect(Object.keys(snap.tensors)).toEqual(['0.weight', '0.bias']);
    weight?.data.fill(7);
    expect(Array.from(snap.tensors['0.weight']?.data ?? [])).toEqual(before); // the snapshot is its own copy
    restoreWeights(model, snap);
    expect(model.parameters()[0]).toBe(weight); // the same tensor, new values
    expect(Array.from(weight?.data ?? [])).toEqual(before);
    weight?.data.fill(3);
    restoreWeights(model, snap);
    expect(Array.from(weight?.data ?? [])).toEqual(before);
  });

  it('works for a plain model with parameters() only', () => {
    const w = tensor([1, 2, 3], { requiresGrad: true });
    const model = { forward: (x: typeof w) => x.mul(w), parameters: () => [w] };
    const snap = snapshotWeights(model);
    w.data.fill(0);
    restoreWeights(model, snap);
    expect(Array.from(w.data)).toEqual([1, 2, 3]);
    const other = { forward: (x: typeof w) => x, parameters: () => [tensor([1])] };
    expect(() => restoreWeights(other, snap)).toThrow(/does not match the saved weights/);
  });

  it('refreshes an earlier snapshot in place, or makes a new one when the model changed', () => {
    const model = new Sequential(new Linear(3, 2, { rng: new Rng(1) }));
    const first = snapshotWeights(model);
    const arrays = Object.values(first.tensors).map((t) => t.data);
    model.parameters()[0]?.data.fill(5);
    const again = snapshotWeights(model, first);
    expect(again).toBe(first);
    expect(Object.values(again.tensors).map((t) => t.data)).toEqual(arrays); // same arrays…
    expect(Array.from(again.tensors['0.weight']?.data ?? [])).toEqual([5, 5, 5, 5, 5, 5]); // …new values
    model.parameters()[0]?.data.fill(1);
    expect(again.tensors['0.weight']?.data[0]).toBe(5); // still its own copy
    model.append(new Linear(2, 2, { rng: new Rng(2) })); // other tensors now: a fresh snapshot
    const other = snapshotWeights(model, first);
    expect(other).not.toBe(first);
    expect(Object.keys(other.tensors)).toEqual(['0.weight', '0.bias', '1.weight', '1.bias']);
  });

  it("a saver saves a module's parameters and buffers into the same arrays and restores them in place", () => {
    const model = new Sequential(new Linear(3, 2, { rng: new Rng(1) }), new BatchNorm1d(2));
    const tensors = [...model.parameters(), ...model.buffers()];
    const values = () => tensors.map((t) => Array.from(t.data));
    const saver = weightSaver(model);
    const first = values();
    model.train();
    model.forward(
      tensor([
        [1, 2, 3],
        [0, 1, -1],
        [2, 0, 1],
      ]),
    ); // moves BatchNorm's running statistics
    for (const p of model.parameters()) p.data.fill(9);
    expect(values()).not.toEqual(first);
    saver.restore();
    expect(values()).toEqual(first); // buffers too
    expect([...model.parameters(), ...model.buffers()]).toEqual(tensors); // the same tensors, in place
    for (const p of model.parameters()) p.data.fill(4);
    saver.save();
    for (const p of model.parameters()) p.data.fill(0);
    saver.restore();
    expect(model.parameters().every((p) => p.data.every((v) => v === 4))).toBe(true);
  });

  it('a saver of a plain model goes through snapshots of its parameters', () => {
    const w = tensor([1, 2, 3], { requiresGrad: true });
    const saver = weightSaver({ forward: (x: typeof w) => x.mul(w), parameters: () => [w] });
    w.data.fill(0);
    saver.restore();
    expect(Array.from(w.data)).toEqual([1, 2, 3]);
    w.data.fill(6);
    saver.save();
    w.data.fill(0);
    saver.restore();
    expect(Array.from(w.data)).toEqual([6, 6, 6]);
  });
});
