/**
 * Copies of a model's weights, taken while training and put back later: early stopping's best
 * weights, and the divergence guard's last good ones. A snapshot holds its own arrays, so later
 * updates do not change it; restoring copies the values back into the model's tensors in place,
 * so an optimizer that holds them keeps working.
 */
import { ValueError } from '../errors.js';
import { Module } from '../nn/index.js';
import { shapesEqual } from '../shape.js';
import { Tensor } from '../tensor.js';
import type { Model } from './loop.js';

/** A saved copy of a model's weights (and buffers, where the model has a state dict). */
export interface WeightSnapshot {
  /** Name → copy of the tensor (state-dict keys, or `parameters.<i>` for models without one). */
  readonly tensors: Record<string, Tensor>;
}

function live(model: Model): Record<string, Tensor> {
  if (typeof model.stateDict === 'function') return model.stateDict();
  return Object.fromEntries(model.parameters().map((p, i) => [`parameters.${i}`, p]));
}

/**
 * Copy the model's current weights. With `reuse`, an earlier snapshot of the same model is
 * overwritten in place and returned (no new arrays), as long as the model's tensors still have
 * the same names and sizes; the divergence guard does that after every good epoch.
 * @example
 * const best = snapshotWeights(model);
 * // … more training …
 * restoreWeights(model, best); // back to the copied values
 */
export function snapshotWeights(model: Model, reuse?: WeightSnapshot): WeightSnapshot {
  const current = live(model);
  if (reuse !== undefined && sameLayout(reuse, current)) {
    for (const [name, t] of Object.entries(current)) (reuse.tensors[name] as Tensor).data.set(t.data);
    return reuse;
  }
  const tensors: Record<string, Tensor> = {};
  for (const [name, t] of Object.entries(current)) tensors[name] = new Tensor(t.data.slice(), t.shape);
  return { tensors };
}

function sameLayout(snapshot: WeightSnapshot, current: Record<string, Tensor>): boolean {
  const names = Object.keys(current);
  if (names.length !== Object.keys(snapshot.tensors).length) return false;
  return names.every((name) => {
    const saved = snapshot.tensors[name];
    const t = current[name] as Tensor;
    return saved !== undefined && saved.dtype === t.dtype && shapesEqual(saved.shape, t.shape);
  });
}

/**
 * Put a snapshot's values back into the model, in place: through `loadStateDict` where the model
 * has one, else into its parameters' arrays.
 * @throws ValueError when the model's tensors no longer match the snapshot's.
 */
export function restoreWeights(model: Model, snapshot: WeightSnapshot): void {
  if (typeof model.stateDict === 'function' && typeof model.loadStateDict === 'function') {
    // Fresh copies, so the snapshot can be restored again later.
    const copy = Object.fromEntries(
      Object.entries(snapshot.tensors).map(([k, t]) => [k, new Tensor(t.data.slice(), t.shape)]),
    );
    model.loadStateDict(copy);
    return;
  }
  const current = live(model);
  for (const [name, saved] of Object.entries(snapshot.tensors)) {
    const target = current[name];
    if (target === undefined || target.data.length !== saved.data.length) {
      throw new ValueError(`restoreWeights: the model's tensor '${name}' does not match the saved weights`);
    }
    target.data.set(saved.data);
  }
}

/** Copies of a model's weights saved again and again into the same arrays (see `weightSaver`). */
export interface WeightSaver {
  /** Copy the model's current values into the saved arrays. */
  save(): void;
  /** Copy the saved values back into the model's tensors, in place. */
  restore(): void;
}

/**
 * A saver for a model whose weights are saved many times while training (the divergence guard
 * saves them after every good epoch). A `Module`'s parameters and buffers are looked up once and
 * each save is one array copy per tensor: no walk of the module tree and no state dict per save,
 * which in a short run of a small model cost as much as the epoch's updates. The tensors are
 * those the module holds when the saver is made (as the optimizer's); modules update them in
 * place. Other models save and restore through `snapshotWeights` / `restoreWeights`.
 * @example
 * const saver = weightSaver(model);
 * saver.save(); // after a good epoch
 * saver.restore(); // the model has those values again
 */
export function weightSaver(model: Model): WeightSaver {
  if (!(model instanceof Module)) {
    let snapshot = snapshotWeights(model);
    return {
      save: () => {
        snapshot = snapshotWeights(model, snapshot);
      },
      restore: () => restoreWeights(model, snapshot),
    };
  }
  const tensors = [...model.parameters(), ...model.buffers()];
  const saved = tensors.map((t) => t.data.slice());
  return {
    save: () => {
      for (let i = 0; i < tensors.length; i++) (saved[i] as Tensor['data']).set((tensors[i] as Tensor).data);
    },
    restore: () => {
      for (let i = 0; i < tensors.length; i++) (tensors[i] as Tensor).data.set(saved[i] as Tensor['data']);
    },
  };
}
