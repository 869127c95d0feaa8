/**
 * Optimizers by name, each with a learning rate that works for small networks such as the iris
 * one (4 → 16 → 3, standardized inputs, batch 20): the path from steepest descent to Adam, ready
 * to compare. Used by the CLI (`--optimizer`) and by `fit(…, { optimizer: 'adam' })`.
 */
import { ValueError } from '../errors.js';
import { Adadelta, Adagrad, Adam, Adamax, AdamW, type AnyOptimizer, NAdam, RMSprop, SGD } from '../optim/index.js';
import type { Tensor } from '../tensor.js';

/** Optimizer names: 'sgd' is plain steepest descent; 'momentum' and 'nesterov' are SGD with momentum 0.9. */
export type OptimizerName =
  | 'sgd'
  | 'momentum'
  | 'nesterov'
  | 'adagrad'
  | 'rmsprop'
  | 'adadelta'
  | 'adam'
  | 'adamw'
  | 'adamax'
  | 'nadam';

interface Recipe {
  lr: number;
  make: (params: Tensor[], lr: number) => AnyOptimizer;
  describe: string;
}

/**
 * Each optimizer's default learning rate and construction. The lrs are the ones that train the
 * iris network well in 200 epochs (measured); Adadelta's lr is a scale (PyTorch's default 1).
 */
const RECIPES: Record<OptimizerName, Recipe> = {
  sgd: { lr: 0.1, make: (p, lr) => new SGD(p, { lr }), describe: 'steepest descent: w ← w − lr·g' },
  momentum: {
    lr: 0.05,
    make: (p, lr) => new SGD(p, { lr, momentum: 0.9 }),
    describe: 'SGD with momentum 0.9: a velocity that averages the gradients',
  },
  nesterov: {
    lr: 0.05,
    make: (p, lr) => new SGD(p, { lr, momentum: 0.9, nesterov: true }),
    describe: 'SGD with Nesterov momentum 0.9: looks ahead along the velocity',
  },
  adagrad: {
    lr: 0.1,
    make: (p, lr) => new Adagrad(p, { lr }),
    describe: 'per-weight steps shrink with past gradients',
  },
  rmsprop: {
    lr: 0.01,
    make: (p, lr) => new RMSprop(p, { lr }),
    describe: 'per-weight steps scaled by recent gradients',
  },
  adadelta: { lr: 1, make: (p, lr) => new Adadelta(p, { lr }), describe: 'RMSprop that also tracks its step sizes' },
  adam: { lr: 0.01, make: (p, lr) => new Adam(p, { lr }), describe: 'momentum + RMSprop, bias-corrected' },
  adamw: { lr: 0.01, make: (p, lr) => new AdamW(p, { lr }), describe: 'Adam with decoupled weight decay' },
  adamax: { lr: 0.02, make: (p, lr) => new Adamax(p, { lr }), describe: 'Adam with the infinity norm' },
  nadam: { lr: 0.01, make: (p, lr) => new NAdam(p, { lr }), describe: 'Adam with Nesterov momentum' },
};

/** The optimizer names, in the order from steepest descent to Adam's relatives. */
export const OPTIMIZER_NAMES = Object.keys(RECIPES) as OptimizerName[];

/**
 * The default learning rate of a named optimizer (Adam 0.01, SGD 0.1, …).
 * @example defaultLr('adam') // 0.01
 */
export function defaultLr(name: OptimizerName): number {
  return recipe(name).lr;
}

/** A one-line description of a named optimizer, for help texts. */
export function describeOptimizer(name: OptimizerName): string {
  return recipe(name).describe;
}

/**
 * A new optimizer by name over `params`, with `lr` or the optimizer's default.
 * @throws ValueError listing the names for an unknown one; the optimizer's own checks for `lr`.
 * @example
 * import { createOptimizer, Linear } from 'neurite';
 * const model = new Linear(4, 3);
 * const opt = createOptimizer('momentum', model.parameters()); // SGD, lr 0.05, momentum 0.9
 */
export function createOptimizer(name: OptimizerName, params: Tensor[], options: { lr?: number } = {}): AnyOptimizer {
  const r = recipe(name);
  return r.make(params, options.lr ?? r.lr);
}

function recipe(name: string): Recipe {
  const r = (RECIPES as Record<string, Recipe>)[name];
  if (r === undefined) {
    throw new ValueError(`unknown optimizer '${name}'; choose one of ${OPTIMIZER_NAMES.join(', ')}`);
  }
  return r;
}
