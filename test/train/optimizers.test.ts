import { describe, expect, it } from 'vitest';
import {
  Adadelta,
  Adagrad,
  Adam,
  Adamax,
  AdamW,
  createOptimizer,
  defaultLr,
  describeOptimizer,
  NAdam,
  OPTIMIZER_NAMES,
  RMSprop,
  SGD,
  tensor,
} from '../../src/index.js';

const params = () => [tensor([1, 2], { requiresGrad: true })];

describe('optimizers by name', () => {
  it('builds each optimizer with its default lr', () => {
    const classes = [SGD, SGD, SGD, Adagrad, RMSprop, Adadelta, Adam, AdamW, Adamax, NAdam];
    expect(OPTIMIZER_NAMES).toEqual([
      'sgd',
      'momentum',
      'nesterov',
      'adagrad',
      'rmsprop',
      'adadelta',
      'adam',
      'adamw',
      'adamax',
      'nadam',
    ]);
    OPTIMIZER_NAMES.forEach((name, i) => {
      const opt = createOptimizer(name, params());
      expect(opt).toBeInstanceOf(classes[i] as unknown as typeof SGD);
      expect(opt.paramGroups[0]?.lr).toBe(defaultLr(name));
      expect(describeOptimizer(name).length).toBeGreaterThan(10);
    });
    expect(defaultLr('adam')).toBe(0.01);
  });

  it('momentum and nesterov are SGD with momentum 0.9; lr can be overridden', () => {
    const m = createOptimizer('momentum', params()) as SGD;
    expect(m.paramGroups[0]?.momentum).toBe(0.9);
    expect(m.paramGroups[0]?.nesterov).toBe(false);
    const n = createOptimizer('nesterov', params(), { lr: 0.2 }) as SGD;
    expect(n.paramGroups[0]?.nesterov).toBe(true);
    expect(n.paramGroups[0]?.lr).toBe(0.2);
    expect((createOptimizer('sgd', params()) as SGD).paramGroups[0]?.momentum).toBe(0);
  });

  it('names the choices for an unknown optimizer', () => {
    // biome-ignore lint/suspicious/noExplicitAny: an invalid value on purpose
    expect(() => createOptimizer('adamm' as any, params())).toThrow(
      /unknown optimizer 'adamm'; choose one of sgd, momentum/,
    );
  });
});
