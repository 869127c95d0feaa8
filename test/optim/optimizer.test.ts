/**
 * The Optimizer base class: parameter groups, zeroGrad, step, and PyTorch-layout state dicts.
 */
import { describe, expect, it } from 'vitest';
import { Adam, DTypeError, SGD, type Tensor, tensor } from '../../src/index.js';
import { fixture, loss, makeParams } from './trajectory.js';

describe('Optimizer', () => {
  it('stateDict has PyTorch layout: state by parameter index, param_groups with snake_case options', () => {
    const [w1, w2] = makeParams();
    const opt = new Adam([{ params: [w1] }, { params: [w2], lr: 0.01 }], { lr: 0.05, amsgrad: true });
    loss(w1, w2).backward();
    opt.step();
    const sd = opt.stateDict();
    expect(Object.keys(sd.state)).toEqual(['0', '1']);
    expect(Object.keys(sd.state[0] ?? {}).sort()).toEqual(['exp_avg', 'exp_avg_sq', 'max_exp_avg_sq', 'step']);
    expect(sd.state[1]?.step).toBe(1);
    expect(sd.state[1]?.exp_avg).toHaveLength(5);
    expect(sd.param_groups[1]).toEqual({
      lr: 0.01,
      betas: [0.9, 0.999],
      eps: 1e-8,
      weight_decay: 0,
      amsgrad: true,
      maximize: false,
      params: [1],
    });
    // a snapshot: later steps do not change it
    const before = JSON.stringify(sd);
    opt.step();
    expect(JSON.stringify(sd)).toBe(before);
  });

  it('loadStateDict restores hyperparameters and state, and rejects a mismatched optimizer', () => {
    const p = makeParams();
    const opt = new SGD(p, { lr: 0.1, momentum: 0.9 });
    loss(p[0], p[1]).backward();
    opt.step();
    const sd = JSON.parse(JSON.stringify(opt.stateDict()));
    opt.paramGroups[0]!.lr = 0.5;
    opt.state.clear();
    opt.loadStateDict(sd);
    expect(opt.paramGroups[0]!.lr).toBe(0.1);
    expect(opt.state.get(p[1])?.momentumBuffer).toBeInstanceOf(Float32Array);

    expect(() => new SGD([p[0]], { lr: 0.1 }).loadStateDict(sd)).toThrow(
      "saved param group 0 has 2 parameters, this optimizer's has 1",
    );
    const twoGroups = new SGD([{ params: [p[0]] }, { params: [p[1]] }], { lr: 0.1 });
    expect(() => twoGroups.loadStateDict(sd)).toThrow('the saved optimizer has 1 param groups, this one has 2');
    const bad = { state: { 0: { momentum_buffer: [1, 2] } }, param_groups: sd.param_groups };
    expect(() => opt.loadStateDict(bad)).toThrow(
      'SGD.loadStateDict: state 0: momentum_buffer has 2 values, the parameter has 12',
    );
    expect(() => opt.loadStateDict({} as never)).toThrow('expected { state, param_groups }');
    expect(opt.paramGroups[0]!.lr).toBe(0.1); // a failed load changes nothing
  });

  it('Adam resumed from a JSON state dict continues exactly as the original, its moments made by the backend', () => {
    // parameters large enough for the WASM backend's own update (which keeps moments in its memory)
    const make = () => [
      tensor(
        Float32Array.from({ length: 48 }, (_, i) => Math.sin(i)),
        { shape: [6, 8], requiresGrad: true },
      ),
      tensor(
        Float32Array.from({ length: 40 }, (_, i) => Math.cos(i)),
        { shape: [40], requiresGrad: true },
      ),
    ];
    const lossOf = ([w, v]: Tensor[]) =>
      (w as Tensor)
        .mul(w as Tensor)
        .sum()
        .add((v as Tensor).pow(3).sum());
    const a = make();
    const b = make();
    const original = new Adam(a, { lr: 0.05 });
    lossOf(a).backward();
    original.step();
    const resumed = new Adam(b, { lr: 0.05 });
    for (const [i, t] of b.entries()) t.data.set((a[i] as Tensor).data);
    resumed.loadStateDict(JSON.parse(JSON.stringify(original.stateDict())));
    // the loaded moments are arrays like the ones the optimizer makes itself (same type and home)
    const own = original.state.get(a[0] as Tensor);
    const loaded = resumed.state.get(b[0] as Tensor);
    expect(loaded?.expAvg.constructor).toBe(own?.expAvg.constructor);
    expect(loaded?.expAvg.buffer.constructor).toBe(own?.expAvg.buffer.constructor);
    for (let i = 0; i < 3; i++) {
      for (const [opt, params] of [
        [original, a],
        [resumed, b],
      ] as const) {
        opt.zeroGrad();
        lossOf(params).backward();
        opt.step();
      }
    }
    expect(b.map((t) => t.data)).toEqual(a.map((t) => t.data));
  });

  it('updates param.data in place, skips parameters without a gradient, and never changes gradients', () => {
    const [w1, w2] = makeParams();
    const data1 = w1.data;
    const before2 = Array.from(w2.data);
    const opt = new Adam([w1, w2], { lr: 0.1 });
    w1.mul(w1).sum().backward(); // only w1 gets a gradient
    const grad = Array.from(w1.grad!.data);
    opt.step();
    expect(w1.data).toBe(data1);
    expect(Array.from(w1.data)).not.toEqual(Float32Array.from(fixture.problem.w1.flat() as number[]));
    expect(Array.from(w2.data)).toEqual(before2);
    expect(opt.state.has(w2)).toBe(false);
    expect(Array.from(w1.grad!.data)).toEqual(grad);
    expect(opt.stepCount).toBe(1);
  });

  it('zeroGrad sets gradients to null', () => {
    const [w1, w2] = makeParams();
    const opt = new SGD([w1, w2], { lr: 0.1 });
    loss(w1, w2).backward();
    expect(w1.grad).not.toBeNull();
    opt.zeroGrad();
    expect(w1.grad).toBeNull();
    expect(w2.grad).toBeNull();
  });

  it('param groups hold resolved options, override the defaults, and have a mutable lr', () => {
    const [w1, w2] = makeParams();
    const opt = new SGD([{ params: [w1] }, { params: [w2], momentum: 0.5, lr: undefined }], { lr: 0.1 });
    expect(opt.paramGroups[0]).toMatchObject({ lr: 0.1, momentum: 0 });
    expect(opt.paramGroups[1]).toMatchObject({ lr: 0.1, momentum: 0.5, dampening: 0, nesterov: false });
    opt.paramGroups[1]!.lr = 0;
    const before = Array.from(w2.data);
    loss(w1, w2).backward();
    opt.step();
    expect(Array.from(w2.data)).toEqual(before);
  });

  it('array options are copied per group', () => {
    const [w1, w2] = makeParams();
    const opt = new Adam([{ params: [w1] }, { params: [w2] }]);
    opt.paramGroups[0]!.betas[0] = 0.5;
    expect(opt.paramGroups[1]!.betas).toEqual([0.9, 0.999]);
    expect(opt.defaults.betas).toEqual([0.9, 0.999]);
  });

  it('addParamGroup adds trainable parameters later, checked like the first ones', () => {
    const [w1, w2] = makeParams();
    const opt = new SGD([w1], { lr: 0.1 });
    opt.addParamGroup({ params: [w2], lr: 0.01 });
    expect(opt.paramGroups.map((g) => g.lr)).toEqual([0.1, 0.01]);
    expect(() => opt.addParamGroup({ params: [w1] })).toThrow('SGD (param group 2): params[0] appears twice');
    expect(() => opt.addParamGroup({ params: [tensor([1], { requiresGrad: true })], lr: -1 })).toThrow(
      'SGD (param group 2): lr must be > 0, got -1',
    );
  });

  it('rejects unknown options, naming the known ones (a typo, or PyTorch spelling)', () => {
    const p = [tensor([1], { requiresGrad: true })];
    expect(() => new Adam(p, { weight_decay: 0.1 } as never)).toThrow(
      "Adam: unknown option 'weight_decay'; the options are lr, betas, eps, weightDecay, amsgrad, maximize",
    );
    expect(() => new SGD([{ params: p, learningRate: 0.1 } as never], { lr: 0.1 })).toThrow(
      "SGD: unknown option 'learningRate'",
    );
  });

  it('rejects bad parameter lists', () => {
    expect(() => new SGD([], { lr: 0.1 })).toThrow('SGD: got an empty parameter list');
    expect(() => new SGD(tensor([1]) as unknown as Tensor[], { lr: 0.1 })).toThrow('SGD: params must be an array');
    expect(() => new SGD([tensor([1], { dtype: 'int32' })], { lr: 0.1 })).toThrow(DTypeError);
    const w = tensor([1], { requiresGrad: true });
    expect(() => new SGD([w.mul(2)], { lr: 0.1 })).toThrow('params[0] was computed by an op (mul)');
    expect(() => new SGD([{ params: [w] }, { params: [w] }], { lr: 0.1 })).toThrow('params[0] appears twice');
  });

  it('a gradient that does not match its parameter is an error at step()', () => {
    const w = tensor([1, 2], { requiresGrad: true });
    const opt = new SGD([w], { lr: 0.1 });
    w.grad = tensor([1, 2, 3]);
    expect(() => opt.step()).toThrow('SGD.step: a parameter of shape [2] (float32) has a gradient of shape [3]');
    w.grad = tensor([1, 2], { dtype: 'float64' });
    expect(() => opt.step()).toThrow(DTypeError);
  });
});
