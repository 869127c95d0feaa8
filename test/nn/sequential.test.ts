/**
 * Sequential and ModuleList: keys, indexing, append, iteration, chaining and its gradients.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import {
  type AnyModule,
  Conv2d,
  Flatten,
  Linear,
  MaxPool2d,
  ModuleList,
  manualSeed,
  ReLU,
  randn,
  Sequential,
  Tanh,
  type Tensor,
} from '../../src/index.js';
import { gradcheck } from '../helpers/gradcheck.js';

beforeEach(() => manualSeed(0));

/**
 * `out` (the model's fused forward of x) has the values and parameter gradients of running the
 * same modules one by one, unfused.
 */
function expectSameAsUnfused(model: Sequential, x: Tensor, out: Tensor): void {
  out.sum().backward();
  const fusedGrads = model.parameters().map((p) => p.grad?.data);
  model.zeroGrad();
  let y = x;
  for (const m of model) y = m.forward(y) as Tensor;
  expect(y.data).toEqual(out.data);
  y.sum().backward();
  expect(model.parameters().map((p) => p.grad?.data)).toEqual(fusedGrads);
}

describe('containers', () => {
  it('Sequential: at, append, iteration, named construction and forward chaining', () => {
    const seq = new Sequential(new Linear(2, 3), new ReLU());
    seq.append(new Linear(3, 1));
    expect(seq.at(-1)).toBeInstanceOf(Linear);
    expect(seq.at<Linear>(2).outFeatures).toBe(1);
    expect([...seq].map((m) => m.constructor.name)).toEqual(['Linear', 'ReLU', 'Linear']);
    expect(() => seq.at(3)).toThrow(/index 3 is out of range for 3 modules/);
    expect(seq.forward(randn([4, 2])).shape).toEqual([4, 1]);
    const named = new Sequential({ fc: new Linear(2, 2), act: new ReLU() });
    expect(Object.keys(named.stateDict())).toEqual(['fc.weight', 'fc.bias']);
    expect(() => new Sequential(3 as unknown as AnyModule)).toThrow(/argument 0 is not a Module/);
  });

  it('Sequential runs a Linear followed by a ReLU as one op, with the same values and gradients', () => {
    const model = new Sequential(new Linear(5, 7), new ReLU(), new Linear(7, 3), new ReLU(), new Tanh());
    const x = randn([6, 5]);
    const out = model.forward(x);
    expect(out.gradFn?.name).toBe('tanh');
    expect(out.gradFn?.inputs[0]?.gradFn?.name).toBe('linear'); // the ReLU is inside the linear node
    expectSameAsUnfused(model, x, out);
  });

  it('Sequential runs a Conv2d followed by a ReLU as one op, with the same values and gradients', () => {
    const model = new Sequential(
      new Conv2d(2, 4, 3, { padding: 1 }),
      new ReLU(),
      new Flatten(),
      new Linear(4 * 6 * 6, 3),
    );
    const x = randn([3, 2, 6, 6]);
    const out = model.forward(x);
    expect(out.gradFn?.inputs[0]?.gradFn?.inputs[0]?.gradFn?.name).toBe('conv2dRelu');
    expectSameAsUnfused(model, x, out);
  });

  it('Sequential runs a Conv2d, a ReLU and a MaxPool2d as one op, with the same values and gradients', () => {
    const model = new Sequential(
      new Conv2d(2, 4, 3, { padding: 1 }),
      new ReLU(),
      new MaxPool2d(2),
      new Conv2d(4, 3, 3, { padding: 1 }),
      new ReLU(),
      new Flatten(),
      new Linear(3 * 4 * 4, 2),
    );
    const x = randn([3, 2, 8, 8]);
    const out = model.forward(x);
    const ops: string[] = [];
    for (let node = out.gradFn; node; node = node.inputs[0]?.gradFn ?? null) ops.push(node.name);
    expect(ops).toEqual(['linear', 'reshape', 'conv2dRelu', 'conv2dReluMaxPool2d']);
    expectSameAsUnfused(model, x, out);
  });

  it('a Linear subclass or a replaced forward is called as it is, not fused', () => {
    const calls: string[] = [];
    class Logged extends Linear {
      override forward(x: Tensor): Tensor {
        calls.push('Logged');
        return super.forward(x);
      }
    }
    const relu = new ReLU();
    const inner = relu.forward.bind(relu);
    relu.forward = (x: Tensor) => {
      calls.push('ReLU');
      return inner(x);
    };
    new Sequential(new Logged(2, 3), new ReLU(), new Linear(3, 3), relu).forward(randn([4, 2]));
    expect(calls).toEqual(['Logged', 'ReLU']);
  });

  it('ModuleList registers its modules and is not callable', () => {
    const list = new ModuleList([new Linear(2, 2)]);
    list.extend([new ReLU(), new Linear(2, 1)]);
    expect(list.length).toBe(3);
    expect(Object.keys(list.stateDict())).toEqual(['0.weight', '0.bias', '2.weight', '2.bias']);
    expect(() => list.forward()).toThrow(/ModuleList is not callable/);
  });
  it('a float64 MLP passes a finite-difference gradient check', () => {
    manualSeed(1);
    const model = new Sequential(
      new Linear(3, 4, { dtype: 'float64' }),
      new Tanh(),
      new Linear(4, 2, { dtype: 'float64' }),
    );
    gradcheck((x) => model.forward(x), [randn([5, 3], { dtype: 'float64' })]);
  });
});
