/**
 * The `Optimizer` base class, with PyTorch's semantics: parameter groups with per-group
 * hyperparameters, `zeroGrad()`, `step()`, per-parameter state created lazily at a parameter's
 * first update, and `stateDict()` / `loadStateDict()` for checkpoints.
 *
 * Each optimizer (SGD, Adam, …) only says how to check its hyperparameters, what state a
 * parameter needs, and how one parameter is updated: a flat loop over its values that writes
 * into `param.data` in place, so every reference to the parameter (the model, a second
 * optimizer) sees the new weights.
 */
import { noGrad } from '../autograd.js';
import { type FloatArray, isFloat } from '../dtype.js';
import { DTypeError, fmtShape, ShapeError, ValueError } from '../errors.js';
import { Tensor } from '../tensor.js';
import { groupsFromJson, groupToJson, type Json, stateFromJson, stateToJson } from './state-dict.js';

/** The hyperparameter every optimizer has: the learning rate η, the size of each step. */
export interface OptimizerOptions {
  lr: number;
}

/** A parameter group as passed in: tensors plus options that override the optimizer's defaults. */
export type ParamGroup<O extends OptimizerOptions = OptimizerOptions> = { params: Tensor[] } & Partial<O>;

/**
 * A parameter group as the optimizer holds it, every option resolved. Change `lr` (or any
 * option) to change how the next `step()` updates this group; schedulers do exactly that.
 * `initialLr` is the lr before any schedule ran (set by the first scheduler attached).
 */
export type Group<O extends OptimizerOptions = OptimizerOptions> = O & { params: Tensor[]; initialLr?: number };

/** Per-parameter state: step counters (numbers) and running averages (arrays like the parameter). */
export type ParamState = Record<string, number | FloatArray | undefined>;

/**
 * A JSON-able snapshot of an optimizer, laid out as PyTorch's `optimizer.state_dict()`:
 * `state` maps a parameter's index (counted over all groups, in order) to its state, with
 * PyTorch's key names (`exp_avg`, `momentum_buffer`, …) and arrays as flat number lists;
 * `param_groups` holds each group's hyperparameters (`lr`, `weight_decay`, …) and the indices
 * of its parameters.
 */
export interface OptimizerStateDict {
  state: Record<string, Record<string, number | number[]>>;
  param_groups: Array<Record<string, Json>>;
}

/**
 * Base class of all optimizers. Subclasses implement `validate`, `initState` and `update`.
 *
 * @example
 * import { Adam, tensor } from 'neurite';
 * const w = tensor([1, -2], { requiresGrad: true });
 * const b = tensor([0.5], { requiresGrad: true });
 * // two groups: the bias learns 10× slower
 * const opt = new Adam([{ params: [w] }, { params: [b], lr: 0.001 }], { lr: 0.01 });
 * opt.zeroGrad();
 * w.mul(w).sum().add(b.mul(b).sum()).backward();
 * opt.step();
 * opt.paramGroups[0].lr = 0.005; // what a schedule does between steps
 */
export abstract class Optimizer<O extends OptimizerOptions = OptimizerOptions, S extends ParamState = ParamState> {
  /** The optimizer's name in messages ("Adam"). */
  readonly name: string;
  /** The options of groups that do not override them. */
  readonly defaults: Readonly<O>;
  /** The parameter groups, with their current hyperparameters (mutable: `paramGroups[0].lr = 0.01`). */
  readonly paramGroups: Array<Group<O>> = [];
  /** Per-parameter state (moments, momentum buffers), created at each parameter's first update. */
  readonly state = new Map<Tensor, S>();
  /** How many times `step()` has run (schedulers use it to detect a wrong call order). */
  stepCount = 0;

  /**
   * @param defaults every option of the optimizer with its default (the keys are the known options).
   * @param options the user's options; an unknown key (a typo, or PyTorch's `weight_decay`) is an error.
   */
  protected constructor(name: string, params: Tensor[] | ParamGroup<O>[], defaults: O, options: Partial<O> = {}) {
    this.name = name;
    checkKnownOptions(name, options, Object.keys(defaults));
    this.defaults = Object.freeze({ ...defaults, ...definedOptions(options) });
    if (params instanceof Tensor || !Array.isArray(params)) {
      throw new ValueError(`${name}: params must be an array of tensors (e.g. model.parameters()) or of param groups`);
    }
    if (params.length === 0) {
      throw new ValueError(`${name}: got an empty parameter list; pass the tensors to train, e.g. model.parameters()`);
    }
    const groups = params.every((p) => p instanceof Tensor)
      ? [{ params: params as Tensor[] } as ParamGroup<O>]
      : (params as ParamGroup<O>[]);
    for (const group of groups) this.addParamGroup(group);
  }

  /** Check one group's resolved hyperparameters; `where` names the optimizer (and group) for messages. */
  protected abstract validate(options: O, where: string): void;
  /** The state of `param` before its first update (zeros like the parameter, step 0, …). */
  protected abstract initState(param: Tensor, group: Group<O>): S;
  /**
   * Update one parameter in place from its gradient. `param` and `grad` have the same length
   * and type; `state` belongs to this parameter.
   */
  protected abstract update(param: FloatArray, grad: FloatArray, state: S, group: Group<O>): void;

  /**
   * Add a group of parameters with its own options (e.g. to unfreeze layers while training).
   * @example opt.addParamGroup({ params: head.parameters(), lr: 0.01 });
   */
  addParamGroup(group: ParamGroup<O>): void {
    const index = this.paramGroups.length;
    const where = index === 0 ? this.name : `${this.name} (param group ${index})`;
    const params = group?.params;
    if (!Array.isArray(params)) {
      throw new ValueError(`${where}: a param group must be { params: Tensor[], ...options }, got ${String(params)}`);
    }
    const seen = new Set(this.paramGroups.flatMap((g) => g.params));
    params.forEach((p, i) => {
      if (!(p instanceof Tensor)) throw new ValueError(`${where}: params[${i}] is not a Tensor`);
      if (!isFloat(p.dtype)) {
        throw new DTypeError(`${where}: params[${i}] is ${p.dtype}; only float32 and float64 tensors can be trained`);
      }
      if (!p.isLeaf) {
        throw new ValueError(
          `${where}: params[${i}] was computed by an op (${p.gradFn?.name}); only leaf tensors can be optimized. ` +
            'Create parameters directly (tensor(…, { requiresGrad: true })) or detach() them.',
        );
      }
      if (seen.has(p)) {
        throw new ValueError(`${where}: params[${i}] appears twice; each parameter belongs to one group`);
      }
      seen.add(p);
    });
    const overrides = Object.fromEntries(Object.entries(group).filter(([k, v]) => k !== 'params' && v !== undefined));
    checkKnownOptions(where, overrides, [...Object.keys(this.defaults), 'initialLr']);
    // copy array options (betas) so that changing one group's never changes another's
    const options = Object.entries({ ...this.defaults, ...overrides }).map(([k, v]) => [
      k,
      Array.isArray(v) ? [...v] : v,
    ]);
    const resolved = { ...Object.fromEntries(options), params: [...params] } as Group<O>;
    this.validate(resolved, where);
    this.paramGroups.push(resolved);
  }

  /**
   * Set every parameter's gradient to null (PyTorch's `zero_grad(set_to_none=True)`), so the
   * next `backward()` starts afresh instead of adding to the old gradients.
   */
  zeroGrad(): void {
    // indexed loops here and in step(): `for…of` runs the iterator protocol in V8's interpreter,
    // and a small model's steps mostly run there
    const groups = this.paramGroups;
    for (let i = 0; i < groups.length; i++) {
      const params = (groups[i] as Group<O>).params;
      for (let j = 0; j < params.length; j++) (params[j] as Tensor).grad = null;
    }
  }

  /**
   * Update every parameter that has a gradient, once. Parameters without one (frozen, or not
   * used by the loss) are skipped and keep their state. Gradients are read, never modified.
   */
  step(): void {
    noGrad(() => {
      const groups = this.paramGroups;
      for (let i = 0; i < groups.length; i++) {
        const group = groups[i] as Group<O>;
        for (let j = 0; j < group.params.length; j++) {
          const p = group.params[j] as Tensor;
          const grad = p.grad;
          if (grad === null) continue;
          if (grad.dtype !== p.dtype || grad.numel() !== p.numel()) {
            const message =
              `${this.name}.step: a parameter of shape ${fmtShape(p.shape)} (${p.dtype}) has a gradient of shape ` +
              `${fmtShape(grad.shape)} (${grad.dtype}); gradients must match their parameter`;
            throw grad.numel() !== p.numel() ? new ShapeError(message) : new DTypeError(message);
          }
          let state = this.state.get(p);
          if (state === undefined) {
            state = this.initState(p, group);
            this.state.set(p, state);
          }
          this.update(p.data as FloatArray, grad.data as FloatArray, state, group);
        }
      }
    });
    this.stepCount++;
  }

  /**
   * A JSON-able copy of the optimizer's state and hyperparameters, PyTorch's layout (see
   * `OptimizerStateDict`), for checkpoints. Later steps do not change the returned object.
   * @example const saved = JSON.stringify(opt.stateDict());
   */
  stateDict(): OptimizerStateDict {
    const index = this.paramIndex();
    const state: OptimizerStateDict['state'] = {};
    for (const [p, s] of this.state) state[String(index.get(p))] = stateToJson(s);
    const paramGroups = this.paramGroups.map((g) => groupToJson(g, index));
    return { state, param_groups: paramGroups };
  }

  /**
   * Restore state and hyperparameters saved by `stateDict()` into an optimizer built over the
   * same parameters (same groups, same order). Values are copied; parameters are not touched.
   * @example opt.loadStateDict(JSON.parse(saved));
   */
  loadStateDict(stateDict: OptimizerStateDict): void {
    const where = `${this.name}.loadStateDict`;
    const saved = stateDict?.param_groups;
    if (!Array.isArray(saved) || typeof stateDict.state !== 'object' || stateDict.state === null) {
      throw new ValueError(`${where}: expected { state, param_groups } as returned by stateDict()`);
    }
    if (saved.length !== this.paramGroups.length) {
      throw new ValueError(
        `${where}: the saved optimizer has ${saved.length} param groups, this one has ${this.paramGroups.length}`,
      );
    }
    const options = groupsFromJson(saved, this.paramGroups, where);
    const flat = this.paramGroups.flatMap((g) => g.params);
    const state = new Map<Tensor, S>();
    for (const [key, value] of Object.entries(stateDict.state)) {
      const p = flat[Number(key)];
      if (p === undefined) {
        throw new ValueError(`${where}: state for parameter ${key}, but there are only ${flat.length}`);
      }
      state.set(p, stateFromJson(value, p, `${where}: state ${key}`) as S);
    }
    // Everything checked: now replace.
    this.paramGroups.forEach((g, i) => {
      Object.assign(g, options[i]);
    });
    this.state.clear();
    for (const [p, s] of state) this.state.set(p, s);
  }

  /** Each parameter's index over all groups, in order (PyTorch's state-dict numbering). */
  private paramIndex(): Map<Tensor, number> {
    const index = new Map<Tensor, number>();
    for (const g of this.paramGroups) for (const p of g.params) index.set(p, index.size);
    return index;
  }
}

/** A zero-filled array of the same type and length as `a` (optimizer state matches its parameter's dtype). */
export function zerosLike(a: FloatArray): FloatArray {
  return a instanceof Float64Array ? new Float64Array(a.length) : new Float32Array(a.length);
}

/** The options that are set (an explicit `undefined` must not override a default). */
function definedOptions<T extends object>(options: T | undefined): Partial<T> {
  return Object.fromEntries(Object.entries(options ?? {}).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** Throw on an option the optimizer does not have, listing the ones it has. */
function checkKnownOptions(where: string, options: object, known: string[]): void {
  if (typeof options !== 'object' || options === null) {
    throw new ValueError(`${where}: options must be an object such as { lr: 0.01 }, got ${String(options)}`);
  }
  for (const key of Object.keys(options)) {
    if (!known.includes(key)) {
      throw new ValueError(`${where}: unknown option '${key}'; the options are ${known.join(', ')}`);
    }
  }
}
