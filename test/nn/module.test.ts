/**
 * Module: registration by assignment and explicit, keys and order, traversal, modes, apply, zeroGrad, freezing.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  Dropout,
  Linear,
  Module,
  manualSeed,
  Parameter,
  ReLU,
  randn,
  resetWarnings,
  Sequential,
  setWarningHandler,
  type Tensor,
  tensor,
  ValueError,
  zeros,
} from '../../src/index.js';
import { Affine, WithBuffers } from '../helpers/modules.js';

beforeEach(() => manualSeed(0));
describe('registration', () => {
  it('registers Parameter and Module fields by assignment, keys in snake_case, in field order', () => {
    class Net extends Module {
      firstLayer = new Linear(2, 3);
      gainVector = new Parameter(zeros([3]));
      notAParam = zeros([3]); // plain tensors are not registered, as in PyTorch
      size = 3;
      forward(x: Tensor): Tensor {
        return this.firstLayer.forward(x).mul(this.gainVector);
      }
    }
    const net = new Net();
    expect(net.namedParameters().map(([k]) => k)).toEqual(['gain_vector', 'first_layer.weight', 'first_layer.bias']);
    expect(Object.keys(net.stateDict())).toEqual(['gain_vector', 'first_layer.weight', 'first_layer.bias']);
    expect(net.namedChildren().map(([k]) => k)).toEqual(['first_layer']);
  });

  it('explicit registration keeps the exact key and stores the camelCase field', () => {
    const m = new WithBuffers();
    expect(m.runningMean.shape).toEqual([2]);
    expect(m.namedParameters().map(([k]) => k)).toEqual(['weight_ih_l0']);
    expect(m.namedBuffers().map(([k]) => k)).toEqual(['running_mean', 'cache']);
    // non-persistent buffers stay out of the state dict
    expect(Object.keys(m.stateDict())).toEqual(['weight_ih_l0', 'running_mean']);
    const seq = new Sequential();
    seq.registerModule('0', new ReLU());
    expect((seq as unknown as Record<string, unknown>)['0']).toBeInstanceOf(ReLU);
  });

  it('follows reassignment and null', () => {
    const m = new Affine();
    const replacement = new Parameter(tensor([5, 5]));
    m.scale = replacement;
    expect(m.parameters()[0]).toBe(replacement);
    m.shift = null;
    expect(m.namedParameters().map(([k]) => k)).toEqual(['scale']);
    expect(m.forward(tensor([1, 1])).toArray()).toEqual([5, 5]);
  });

  it('rejects bad names, clashing keys and wrong values', () => {
    const m = new Affine();
    expect(() => m.registerBuffer('a.b', zeros([1]))).toThrow(/without '\.'/);
    expect(() => m.registerParameter('w', 3 as unknown as Tensor)).toThrow(ValueError);
    class Clash extends Module {
      fooBar = new Parameter(zeros([1]));
      foo_bar = new Parameter(zeros([1]));
      forward(x: Tensor): Tensor {
        return x;
      }
    }
    expect(() => new Clash().parameters()).toThrow(/'fooBar' and 'foo_bar' both map to the state-dict key 'foo_bar'/);
    const lin = new Linear(2, 2);
    lin.parameters(); // binds the fields
    (lin as unknown as Record<string, unknown>).weight = 'oops';
    expect(() => lin.parameters()).toThrow(/registered as a parameter \('weight'\) but now holds string/);
  });

  it('warns once about tensors that require gradients and arrays of modules in plain fields', () => {
    const messages: string[] = [];
    resetWarnings();
    const previous = setWarningHandler((msg) => messages.push(msg));
    try {
      class Sloppy extends Module {
        w = randn([2], { requiresGrad: true });
        blocks = [new Linear(2, 2)];
        forward(x: Tensor): Tensor {
          return x;
        }
      }
      const s = new Sloppy();
      expect(s.parameters()).toEqual([]);
      s.parameters();
      expect(messages).toHaveLength(2);
      expect(messages[0]).toMatch(/'w' holds a tensor that requires gradients but is not a Parameter/);
      expect(messages[1]).toMatch(/use new ModuleList/);
    } finally {
      setWarningHandler(previous);
    }
  });
});
describe('traversal', () => {
  it('shared modules and parameters appear once in parameters() but under every key in stateDict()', () => {
    const shared = new Linear(2, 2);
    const seq = new Sequential(shared, new ReLU(), shared);
    expect(seq.length).toBe(3);
    expect(seq.parameters()).toHaveLength(2);
    expect(seq.children()).toHaveLength(2);
    expect(Object.keys(seq.stateDict())).toEqual(['0.weight', '0.bias', '2.weight', '2.bias']);
    expect(seq.namedModules().map(([k]) => k)).toEqual(['', '0', '1']);
  });
});

describe('modes, apply, gradients, freezing', () => {
  it('train() and eval() set every module; apply visits children first', () => {
    const model = new Sequential(new Linear(2, 2), new Sequential(new Dropout(0.5), new ReLU()));
    expect(model.eval()).toBe(model);
    expect(model.modules().every((m) => !m.training)).toBe(true);
    model.train();
    expect(model.modules().every((m) => m.training)).toBe(true);
    model.train(false);
    expect(model.modules().some((m) => m.training)).toBe(false);
    const order: string[] = [];
    model.apply((m) => order.push(m.constructor.name));
    expect(order).toEqual(['Linear', 'Dropout', 'ReLU', 'Sequential', 'Sequential']);
  });

  it('zeroGrad sets gradients to null', () => {
    const model = new Sequential(new Linear(3, 2));
    model
      .forward(randn([4, 3]))
      .sum()
      .backward();
    expect(model.parameters().every((p) => p.grad !== null)).toBe(true);
    model.zeroGrad();
    expect(model.parameters().every((p) => p.grad === null)).toBe(true);
  });

  it('a frozen parameter stays in parameters() and stateDict() but gets no gradient', () => {
    const model = new Sequential(new Linear(3, 4), new ReLU(), new Linear(4, 2));
    const first = model.at<Linear>(0);
    first.weight.requiresGrad = false;
    expect(model.parameters()).toHaveLength(4);
    expect(Object.keys(model.stateDict())).toContain('0.weight');
    model
      .forward(randn([5, 3]))
      .sum()
      .backward();
    expect(first.weight.grad).toBeNull();
    expect(first.bias?.grad).not.toBeNull();
    first.freeze();
    expect(first.parameters().every((p) => !p.requiresGrad)).toBe(true);
    expect(model.toString()).toMatch(
      /\(0\): Linear\(inFeatures=3, outFeatures=4, bias=true\) {2}# 16 parameters, frozen/,
    );
    expect(model.summary([1, 3])).toMatch(/Frozen params: 16/);
    first.unfreeze();
    expect(first.weight.requiresGrad).toBe(true);
  });
});

afterEach(() => resetWarnings());
