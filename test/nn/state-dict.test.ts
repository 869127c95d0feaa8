/**
 * stateDict snapshots and loadStateDict: in place (optimizers keep their references), casts, shape and key errors.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import {
  Adam,
  Linear,
  manualSeed,
  ReLU,
  randn,
  Sequential,
  ShapeError,
  type Tensor,
  tensor,
  ValueError,
  zeros,
} from '../../src/index.js';
import { Affine, WithBuffers } from '../helpers/modules.js';

beforeEach(() => manualSeed(0));
describe('stateDict and loadStateDict', () => {
  it('stateDict returns detached snapshots', () => {
    const model = new Affine();
    const sd = model.stateDict();
    expect(sd.scale?.requiresGrad).toBe(false);
    model.scale.data[0] = 100;
    expect(sd.scale?.toArray()).toEqual([2, 3]);
  });

  it('copies in place: the optimizer keeps its references and sees the loaded values', () => {
    const model = new Sequential(new Linear(2, 2));
    const params = model.parameters();
    const weight = params[0] as Tensor;
    const before = weight.data;
    const opt = new Adam(params, { lr: 0.1 });
    const saved = model.stateDict();
    opt.zeroGrad();
    model
      .forward(randn([3, 2]))
      .sum()
      .backward();
    opt.step();
    expect(weight.data).not.toEqual(saved['0.weight']?.data);
    expect(model.loadStateDict(saved)).toEqual({ missingKeys: [], unexpectedKeys: [] });
    expect(model.parameters()[0]).toBe(weight);
    expect(weight.data).toBe(before);
    expect(weight.data).toEqual(saved['0.weight']?.data);
    expect(opt.paramGroups[0]?.params[0]).toBe(weight);
  });

  it('casts float64 and plain { shape, data } values', () => {
    const model = new WithBuffers();
    model.loadStateDict({
      weight_ih_l0: tensor([1.5, 2, 3, 4], { shape: [2, 2], dtype: 'float64' }),
      running_mean: { shape: [2], data: [0.25, -1] },
    });
    expect(model.weightIhL0.dtype).toBe('float32');
    expect(model.weightIhL0.toArray()).toEqual([
      [1.5, 2],
      [3, 4],
    ]);
    expect(model.runningMean.toArray()).toEqual([0.25, -1]);
  });

  it('names the key and both shapes on a mismatch, and copies nothing', () => {
    const model = new Sequential(new Linear(4, 8), new ReLU(), new Linear(8, 3));
    const other = new Sequential(new Linear(4, 8), new ReLU(), new Linear(8, 2)).stateDict();
    const before = model.stateDict();
    expect(() => model.loadStateDict(other)).toThrow(ShapeError);
    expect(() => model.loadStateDict(other)).toThrow(
      /loadStateDict\(Sequential\): '2\.weight' has shape \[2, 8\] in the state dict but \[3, 8\] in the model/,
    );
    expect(model.stateDict()['0.weight']?.data).toEqual(before['0.weight']?.data);
  });

  it('strict: missing and unexpected keys are errors; non-strict reports them', () => {
    const model = new Sequential(new Linear(2, 2), new Linear(2, 2));
    const sd = model.stateDict();
    const partial: Record<string, Tensor> = { '0.weight': zeros([2, 2]), '0.bias': zeros([2]), extra: zeros([1]) };
    expect(() => model.loadStateDict(partial)).toThrow(ValueError);
    expect(() => model.loadStateDict(partial)).toThrow(
      /missing keys: '1\.weight', '1\.bias'; unexpected keys: 'extra'.*\{ strict: false \}/,
    );
    expect(model.stateDict()['0.weight']?.data).toEqual(sd['0.weight']?.data); // unchanged
    const result = model.loadStateDict(partial, { strict: false });
    expect(result).toEqual({ missingKeys: ['1.weight', '1.bias'], unexpectedKeys: ['extra'] });
    expect(model.at<Linear>(0).weight.toArray()).toEqual([
      [0, 0],
      [0, 0],
    ]);
    expect(model.at<Linear>(1).weight.data).toEqual(sd['1.weight']?.data);
  });
});
