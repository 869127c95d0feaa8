/**
 * `Module`: the base class of every layer and model, with PyTorch's semantics.
 *
 * ## How parameters, buffers and sub-modules are registered
 * A module's state lives in its ordinary fields. Each field is bound once to a kind and a key:
 * - **by assignment**: a field holding a `Parameter` or a `Module` is registered the first time the
 *   module is traversed (any call of `parameters()`, `stateDict()`, `children()`, …), under the
 *   field's name in snake_case: `fc1` → `fc1`, `runningMean` → `running_mean`, `weightIhL0` →
 *   `weight_ih_l0`. Its value is read from the field at every traversal, so reassigning
 *   `this.fc = new Linear(…)` or `this.bias = null` just works;
 * - **explicitly**: `registerParameter(key, t)`, `registerBuffer(key, t)` and `registerModule(key, m)`
 *   take the exact key (which may be any string without '.', e.g. '0') and store the value in the
 *   field `camelCase(key)` (`running_mean` → `this.runningMean`, `0` → `this['0']`).
 * Buffers (state that is saved but not learned: running statistics, class weights) are registered
 * explicitly only, as in PyTorch, because a plain tensor in a field may just be a cache. A plain
 * tensor that requires gradients, or an array of modules, in an unregistered field is most likely a
 * mistake, and is warned about once.
 *
 * ## Order and keys
 * A module's own entries come in the order of its fields (declaration, then assignment order, as
 * `Object.keys` gives them; integer-like keys such as Sequential's come first, ascending).
 * `stateDict()` lists, like PyTorch: the module's parameters, then its buffers, then each child's
 * entries under `childKey.`; so the keys of a PyTorch state dict map one to one.
 */
import { ValueError } from '../errors.js';
import type { Shape } from '../shape.js';
import { Tensor } from '../tensor.js';
import { camelCase, snakeCase, warnIfUnregistered } from './naming.js';
import { Parameter } from './parameter.js';
import { type LoadResult, loadState, type StateValue, snapshot } from './state-dict.js';
import { formatModule, type SummaryOptions, summarize } from './summary.js';

/** Any module, whatever its forward's signature (for containers and traversal). */
export type AnyModule = Module<unknown[], unknown>;

type SlotKind = 'parameter' | 'buffer' | 'module';
interface Slot {
  kind: SlotKind;
  /** The PyTorch name: the state-dict key within this module. */
  key: string;
  /** Buffers only: whether stateDict() includes it. */
  persistent: boolean;
}

/**
 * Base class of layers and models. Subclasses set their parameters and sub-modules as fields and
 * implement `forward`; models are called as `model.forward(x)`. Registration rules, key names and
 * order are described at the top of module.ts.
 *
 * @typeParam In the arguments of `forward` (default: tensors)
 * @typeParam Out what `forward` returns (default: a tensor)
 * @example
 * import { Linear, Module, ReLU, Tensor } from 'neurite';
 * class MLP extends Module {
 *   fc1 = new Linear(4, 16);
 *   act = new ReLU();
 *   fc2 = new Linear(16, 3);
 *   forward(x: Tensor): Tensor { return this.fc2.forward(this.act.forward(this.fc1.forward(x))); }
 * }
 * const model = new MLP();
 * Object.keys(model.stateDict()); // ['fc1.weight', 'fc1.bias', 'fc2.weight', 'fc2.bias']
 */
export abstract class Module<In extends unknown[] = Tensor[], Out = Tensor> {
  /** True in training mode (Dropout drops, BatchNorm uses batch statistics); set by train()/eval(). */
  training = true;
  /** Field name → what it is bound to (non-enumerable, so the field walk skips it). */
  declare private readonly slots: Map<string, Slot>;

  constructor() {
    Object.defineProperty(this, 'slots', { value: new Map<string, Slot>(), enumerable: false });
  }

  /** The computation of the module. */
  abstract forward(...inputs: In): Out;

  /** The layer's configuration for `toString()` (e.g. `inFeatures=4, outFeatures=8, bias=true`). */
  extraRepr(): string {
    return '';
  }

  // ---- registration ----------------------------------------------------------------------------

  /**
   * Register a parameter under the exact state-dict key `name` and store it in the field
   * `camelCase(name)`. `null` registers an absent parameter (skipped by traversals), as `bias=False`.
   * @returns the tensor, so that `this.w = this.registerParameter('w', t)` reads naturally
   * @example this.registerParameter('weight_ih_l0', new Parameter(zeros([12, 3]))); // this.weightIhL0
   */
  registerParameter<T extends Tensor | null>(name: string, param: T): T {
    return this.register(name, 'parameter', param, true);
  }

  /**
   * Register a buffer: a tensor saved in `stateDict()` (unless `persistent` is false) but not
   * learned, such as BatchNorm's `running_mean`. Stored in the field `camelCase(name)`.
   * @example this.registerBuffer('running_mean', zeros([16])); // this.runningMean
   */
  registerBuffer<T extends Tensor | null>(name: string, buffer: T, { persistent = true } = {}): T {
    return this.register(name, 'buffer', buffer, persistent);
  }

  /**
   * Register a sub-module under the exact key `name` (Sequential uses '0', '1', …), stored in the
   * field `camelCase(name)`.
   * @example this.registerModule('0', new Linear(4, 8)); // this['0']
   */
  registerModule<M extends AnyModule | null>(name: string, module: M): M {
    return this.register(name, 'module', module, true);
  }

  private register<T>(name: string, kind: SlotKind, value: T, persistent: boolean): T {
    const what = `${this.constructor.name}.register${kind[0]?.toUpperCase()}${kind.slice(1)}`;
    if (typeof name !== 'string' || name === '' || name.includes('.')) {
      throw new ValueError(`${what}: the name must be a non-empty string without '.', got ${JSON.stringify(name)}`);
    }
    const ok = value === null || (kind === 'module' ? value instanceof Module : value instanceof Tensor);
    if (!ok) throw new ValueError(`${what}('${name}'): expected a ${kind === 'module' ? 'Module' : 'Tensor'} or null`);
    const field = camelCase(name);
    for (const [f, slot] of this.slots) {
      if (slot.key === name && f !== field) {
        throw new ValueError(`${what}: the key '${name}' is already used by the field '${f}'`);
      }
    }
    this.slots.set(field, { kind, key: name, persistent });
    (this as unknown as Record<string, unknown>)[field] = value;
    return value;
  }

  /**
   * This module's own entries in field order, registering fields assigned since the last walk.
   * Values are read from the fields, so reassignment is seen; null/undefined values are skipped.
   */
  private ownEntries(): Array<[Slot, Tensor | AnyModule]> {
    const out: Array<[Slot, Tensor | AnyModule]> = [];
    const fields = this as unknown as Record<string, unknown>;
    // indexed loops here and in moduleEntries: `Sequential.forward` walks its modules every step,
    // mostly before V8 has optimized anything, where `for…of` and array patterns are iterator calls
    const keys = Object.keys(this);
    for (let i = 0; i < keys.length; i++) {
      const field = keys[i] as string;
      const value = fields[field];
      let slot = this.slots.get(field);
      if (slot === undefined) {
        // Settings such as `training` or sizes are neither modules nor tensors: nothing to bind.
        if (typeof value !== 'object' || value === null) continue;
        slot = this.bindField(field, value);
      }
      if (slot === undefined || value === null || value === undefined) continue;
      const ok = slot.kind === 'module' ? value instanceof Module : value instanceof Tensor;
      if (!ok) {
        throw new ValueError(
          `${this.constructor.name}: the field '${field}' is registered as a ${slot.kind} ('${slot.key}') ` +
            `but now holds ${typeof value}; assign a ${slot.kind === 'module' ? 'Module' : 'Tensor'} or null`,
        );
      }
      out.push([slot, value as Tensor | AnyModule]);
    }
    return out;
  }

  private bindField(field: string, value: unknown): Slot | undefined {
    const kind = value instanceof Parameter ? 'parameter' : value instanceof Module ? 'module' : null;
    if (kind === null) {
      warnIfUnregistered(this.constructor.name, field, value, (v) => v instanceof Module);
      return undefined;
    }
    const key = snakeCase(field);
    for (const [f, slot] of this.slots) {
      if (slot.key === key) {
        throw new ValueError(
          `${this.constructor.name}: the fields '${f}' and '${field}' both map to the state-dict key '${key}'`,
        );
      }
    }
    const slot: Slot = { kind, key, persistent: true };
    this.slots.set(field, slot);
    return slot;
  }

  // ---- traversal ---------------------------------------------------------------------------------

  /** This module's own sub-modules with their keys, in order, repeats included (for containers). */
  protected moduleEntries(): Array<[string, AnyModule]> {
    const own = this.ownEntries();
    const out: Array<[string, AnyModule]> = [];
    for (let i = 0; i < own.length; i++) {
      const entry = own[i] as [Slot, Tensor | AnyModule];
      if (entry[0].kind === 'module') out.push([entry[0].key, entry[1] as AnyModule]);
    }
    return out;
  }

  /**
   * The immediate sub-modules with their keys, each once.
   * @example new Sequential(new Linear(2, 2), new ReLU()).namedChildren().map(([k]) => k); // ['0', '1']
   */
  namedChildren(): Array<[string, AnyModule]> {
    const seen = new Set<AnyModule>();
    const out: Array<[string, AnyModule]> = [];
    for (const [slot, value] of this.ownEntries()) {
      if (slot.kind !== 'module' || seen.has(value as AnyModule)) continue;
      seen.add(value as AnyModule);
      out.push([slot.key, value as AnyModule]);
    }
    return out;
  }

  /** The immediate sub-modules. @example model.children().length */
  children(): AnyModule[] {
    return this.namedChildren().map(([, m]) => m);
  }

  /**
   * This module (key '') and all modules below it, pre-order, each once, with dotted keys.
   * @example new Sequential(new Linear(2, 2)).namedModules().map(([k]) => k); // ['', '0']
   */
  namedModules(): Array<[string, AnyModule]> {
    const out: Array<[string, AnyModule]> = [];
    const seen = new Set<AnyModule>();
    const visit = (m: AnyModule, prefix: string): void => {
      if (seen.has(m)) return;
      seen.add(m);
      out.push([prefix, m]);
      for (const [key, child] of m.namedChildren()) visit(child, prefix === '' ? key : `${prefix}.${key}`);
    };
    visit(this as unknown as AnyModule, '');
    return out;
  }

  /** This module and all below it. @example model.modules().length */
  modules(): AnyModule[] {
    return this.namedModules().map(([, m]) => m);
  }

  private namedTensors(kind: 'parameter' | 'buffer'): Array<[string, Tensor]> {
    const out: Array<[string, Tensor]> = [];
    const seen = new Set<Tensor>();
    for (const [prefix, m] of this.namedModules()) {
      for (const [slot, value] of m.ownEntries()) {
        if (slot.kind !== kind || seen.has(value as Tensor)) continue;
        seen.add(value as Tensor);
        out.push([prefix === '' ? slot.key : `${prefix}.${slot.key}`, value as Tensor]);
      }
    }
    return out;
  }

  /**
   * Every parameter with its PyTorch key (`0.weight`, `fc1.bias`), each tensor once, frozen ones
   * included.
   * @example new Linear(4, 8).namedParameters().map(([k, p]) => [k, p.shape]); // [['weight', [8, 4]], ['bias', [8]]]
   */
  namedParameters(): Array<[string, Tensor]> {
    return this.namedTensors('parameter');
  }

  /**
   * Every parameter (the tensors an optimizer updates), each once, frozen ones included.
   * @example const opt = new Adam(model.parameters(), { lr: 0.01 });
   */
  parameters(): Tensor[] {
    return this.namedParameters().map(([, p]) => p);
  }

  /** Every buffer with its key (non-persistent ones too). @example model.namedBuffers() */
  namedBuffers(): Array<[string, Tensor]> {
    return this.namedTensors('buffer');
  }

  /** Every buffer. @example model.buffers() */
  buffers(): Tensor[] {
    return this.namedBuffers().map(([, b]) => b);
  }

  /** Key → tensor for stateDict/loadStateDict: parameters, persistent buffers, then children. */
  private stateEntries(prefix = '', out: Array<[string, Tensor]> = []): Array<[string, Tensor]> {
    const own = this.ownEntries();
    for (const kind of ['parameter', 'buffer'] as const) {
      for (const [slot, value] of own) {
        if (slot.kind === kind && slot.persistent) out.push([prefix + slot.key, value as Tensor]);
      }
    }
    for (const [slot, value] of own) {
      if (slot.kind === 'module') (value as AnyModule).stateEntries(`${prefix}${slot.key}.`, out);
    }
    return out;
  }

  // ---- modes and gradients -----------------------------------------------------------------------

  /**
   * Set training mode (`mode = true`) or evaluation mode on this module and all below it.
   * @example model.train(); // Dropout active
   */
  train(mode = true): this {
    for (const m of this.modules()) m.training = mode;
    return this;
  }

  /** Evaluation mode: Dropout is the identity, BatchNorm uses its running statistics. @example model.eval(); */
  eval(): this {
    return this.train(false);
  }

  /**
   * Call `fn` on every sub-module (children first, recursively) and then on this module.
   * @example model.apply((m) => { if (m instanceof Linear) init.zeros(m.bias!); });
   */
  apply(fn: (module: AnyModule) => void): this {
    for (const child of this.children()) child.apply(fn);
    fn(this as unknown as AnyModule);
    return this;
  }

  /** Set every parameter's gradient to null (as PyTorch's `set_to_none=True`). @example model.zeroGrad(); */
  zeroGrad(): void {
    for (const p of this.parameters()) p.grad = null;
  }

  /** Stop training every parameter (`requiresGrad = false`); they stay in parameters()/stateDict(). @example backbone.freeze(); */
  freeze(): this {
    for (const p of this.parameters()) p.requiresGrad = false;
    return this;
  }

  /** Train every float parameter again. @example backbone.unfreeze(); */
  unfreeze(): this {
    for (const p of this.parameters()) p.requiresGrad = true;
    return this;
  }

  // ---- state ------------------------------------------------------------------------------------

  /**
   * The module's state as a plain insertion-ordered object of PyTorch keys → tensors: parameters
   * and persistent buffers. The values are **copies** (detached, own storage): a snapshot that
   * later training does not change, so keeping the best weights is just `best = model.stateDict()`.
   * @example Object.keys(new Sequential(new Linear(4, 8)).stateDict()); // ['0.weight', '0.bias']
   */
  stateDict(): Record<string, Tensor> {
    const out: Record<string, Tensor> = {};
    for (const [key, t] of this.stateEntries()) out[key] = snapshot(t);
    return out;
  }

  /**
   * Copy a state dict's values **in place** into this module's parameters and buffers (so an
   * optimizer holding them keeps working), converting dtypes (float64 → float32, int64-like →
   * int32; any `{ shape, data }` with numbers or bigints is accepted). Every shape is checked and,
   * with `strict` (default), missing and unexpected keys are errors; nothing is copied unless all
   * checks pass.
   * @throws ShapeError naming the key when a shape differs
   * @throws ValueError listing missing / unexpected keys (strict)
   * @example
   * const { missingKeys, unexpectedKeys } = model.loadStateDict(saved, { strict: false });
   */
  loadStateDict(stateDict: Record<string, StateValue>, { strict = true }: { strict?: boolean } = {}): LoadResult {
    return loadState(this.constructor.name, this.stateEntries(), stateDict, strict);
  }

  // ---- printing ---------------------------------------------------------------------------------

  /**
   * The module tree as PyTorch prints it, each layer with its configuration and parameter count:
   * ```
   * Sequential(  # 67 parameters
   *   (0): Linear(inFeatures=4, outFeatures=8, bias=true)  # 40 parameters
   *   (1): ReLU()
   *   (2): Linear(inFeatures=8, outFeatures=3, bias=true)  # 27 parameters
   * )
   * ```
   * @example console.log(String(model));
   */
  toString(): string {
    return formatModule(this as unknown as AnyModule);
  }

  /**
   * A table of the layers a forward pass runs: layer, output shape, parameter count, then the
   * total, trainable and frozen counts. Runs one forward (under noGrad, in eval mode, restored
   * after) on zeros of `inputShape`.
   * @param inputShape the full input shape, batch included, e.g. [1, 4]
   * @example console.log(model.summary([1, 4]));
   */
  summary(inputShape: Shape, options: SummaryOptions = {}): string {
    return summarize(this as unknown as AnyModule, inputShape, options);
  }
}
