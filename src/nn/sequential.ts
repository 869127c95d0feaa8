/**
 * Containers: `Sequential` (a chain of modules) and `ModuleList` (a registered list).
 */
import { ValueError } from '../errors.js';
import type { Tensor } from '../tensor.js';
import { ReLU } from './activation.js';
import { Conv2d } from './conv.js';
import { Linear } from './linear.js';
import { type AnyModule, Module } from './module.js';
import { MaxPool2d } from './pool.js';

/** The entry at `index` (negative counts from the end) of a container of `length` entries. */
function resolveIndex(container: string, index: number, length: number): number {
  const i = index < 0 ? index + length : index;
  if (!Number.isInteger(index) || i < 0 || i >= length) {
    throw new ValueError(`${container}.at: index ${index} is out of range for ${length} modules`);
  }
  return i;
}

function checkModule(container: string, m: unknown, where: string): AnyModule {
  if (!(m instanceof Module)) {
    throw new ValueError(`${container}: ${where} is not a Module (got ${m === null ? 'null' : typeof m})`);
  }
  return m as AnyModule;
}

/**
 * A chain of modules: forward passes the input through each in turn, as `torch.nn.Sequential`.
 * The modules are registered under the keys '0', '1', … (so state-dict keys are `0.weight`,
 * `2.bias`, as PyTorch's), or under the given names when built from an object.
 *
 * Shapes: those of the first module's input → those of the last module's output.
 * @example
 * import { Linear, ReLU, Sequential } from 'neurite';
 * const model = new Sequential(new Linear(4, 16), new ReLU(), new Linear(16, 3));
 * model.at(0);                       // the first Linear
 * Object.keys(model.stateDict());    // ['0.weight', '0.bias', '2.weight', '2.bias']
 * new Sequential({ fc: new Linear(4, 3), act: new ReLU() }); // keys 'fc.weight', 'fc.bias'
 */
export class Sequential extends Module<[Tensor], Tensor> {
  constructor(...modules: AnyModule[] | [Record<string, AnyModule>]) {
    super();
    const first = modules[0];
    if (modules.length === 1 && first !== undefined && !(first instanceof Module) && typeof first === 'object') {
      for (const [name, m] of Object.entries(first))
        this.registerModule(name, checkModule('Sequential', m, `'${name}'`));
    } else {
      modules.forEach((m, i) => {
        this.registerModule(String(i), checkModule('Sequential', m, `argument ${i}`));
      });
    }
  }

  /** Number of modules. */
  get length(): number {
    return this.moduleEntries().length;
  }

  /**
   * The module at `index` (negative counts from the end). The type parameter only casts.
   * @example model.at<Linear>(0).weight.shape
   */
  at<M extends AnyModule = AnyModule>(index: number): M {
    const list = this.moduleEntries().map(([, m]) => m);
    return list[resolveIndex('Sequential', index, list.length)] as M;
  }

  /**
   * Add a module at the end, under the next index key.
   * @example model.append(new Softmax());
   */
  append(module: AnyModule): this {
    this.registerModule(String(this.moduleEntries().length), checkModule('Sequential', module, 'append'));
    return this;
  }

  /** Iterate the modules in order. @example for (const layer of model) console.log(String(layer)); */
  [Symbol.iterator](): Iterator<AnyModule> {
    return this.moduleEntries()
      .map(([, m]) => m)
      [Symbol.iterator]();
  }

  /**
   * x → mₙ(…m₁(m₀(x))). A Linear or Conv2d followed by a ReLU runs as one op (`forwardRelu`), and a
   * Conv2d, a ReLU and a MaxPool2d in a row too (`forwardReluMaxPool`): the same values and
   * gradients, fewer tape nodes and arrays.
   */
  forward(x: Tensor): Tensor {
    const entries = this.moduleEntries();
    let y: unknown = x;
    for (let i = 0; i < entries.length; i++) {
      // (read by index, with no helper closure: this runs every step, mostly before V8 optimizes it)
      const m = (entries[i] as [string, AnyModule])[1];
      const next = entries[i + 1]?.[1];
      if (m instanceof Conv2d && fusesWithRelu(m, next) && plainPool(entries[i + 2]?.[1])) {
        y = m.forwardReluMaxPool(y as Tensor, entries[i + 2]?.[1] as MaxPool2d);
        i += 2;
      } else if (fusesWithRelu(m, next)) {
        y = (m as Linear | Conv2d).forwardRelu(y as Tensor);
        i++;
      } else {
        y = m.forward(y);
      }
    }
    return y as Tensor;
  }
}

/** Whether `m` is a MaxPool2d whose `forward` nobody replaced. */
function plainPool(m: AnyModule | undefined): boolean {
  return m instanceof MaxPool2d && m.forward === MaxPool2d.prototype.forward;
}

/**
 * Whether `layer` and `next` are a Linear or Conv2d and a ReLU whose `forward` nobody replaced (a
 * subclass, or a wrapper such as `summary`'s, must see its own call), so the pair can run as one op.
 */
function fusesWithRelu(layer: AnyModule, next: AnyModule | undefined): boolean {
  const plain =
    (layer instanceof Linear && layer.forward === Linear.prototype.forward) ||
    (layer instanceof Conv2d && layer.forward === Conv2d.prototype.forward);
  return plain && next instanceof ReLU && next.forward === ReLU.prototype.forward;
}

/**
 * A list of modules that registers them (keys '0', '1', …), as `torch.nn.ModuleList`, for models
 * that loop over layers in their own `forward`. Not callable itself.
 * @example
 * class Deep extends Module {
 *   layers = new ModuleList(Array.from({ length: 3 }, () => new Linear(8, 8)));
 *   forward(x: Tensor): Tensor {
 *     for (const layer of this.layers) x = relu(layer.forward(x) as Tensor);
 *     return x;
 *   }
 * }
 * // state-dict keys: layers.0.weight, layers.0.bias, layers.1.weight, …
 */
export class ModuleList extends Module<never[], never> {
  constructor(modules: Iterable<AnyModule> = []) {
    super();
    this.extend(modules);
  }

  /** Number of modules. */
  get length(): number {
    return this.moduleEntries().length;
  }

  /** The module at `index` (negative counts from the end). @example layers.at<Linear>(-1) */
  at<M extends AnyModule = AnyModule>(index: number): M {
    const list = this.moduleEntries().map(([, m]) => m);
    return list[resolveIndex('ModuleList', index, list.length)] as M;
  }

  /** Add a module at the end. @example layers.append(new Linear(8, 8)); */
  append(module: AnyModule): this {
    this.registerModule(String(this.moduleEntries().length), checkModule('ModuleList', module, 'append'));
    return this;
  }

  /** Add several modules at the end. @example layers.extend([new Linear(8, 8), new ReLU()]); */
  extend(modules: Iterable<AnyModule>): this {
    for (const m of modules) this.append(m);
    return this;
  }

  /** Iterate the modules in order. */
  [Symbol.iterator](): Iterator<AnyModule> {
    return this.moduleEntries()
      .map(([, m]) => m)
      [Symbol.iterator]();
  }

  /** @throws ValueError always: a ModuleList holds modules; call them from your forward. */
  forward(): never {
    throw new ValueError(
      'ModuleList is not callable: it only holds modules; loop over it in your forward, or use Sequential to chain them',
    );
  }
}
