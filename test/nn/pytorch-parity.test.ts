/**
 * nn parity with PyTorch (`scripts/fixtures/nn.py` → `test/fixtures/nn.json`): PyTorch state dicts
 * load one to one (loadStateDict, strict) into the equivalent neurite models, whose outputs, losses
 * and parameter gradients must then be within 1e-5 relative (|a − b| ≤ 1e-5 · max(|b|, 1e-3)) of
 * PyTorch's float64 answer, in float32 and in float64; and the state-dict, parameter and buffer
 * keys of Sequential and nested modules are exactly PyTorch's.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  type AnyModule,
  BCEWithLogitsLoss,
  CrossEntropyLoss,
  crossEntropy,
  Dropout,
  type DType,
  Linear,
  Module,
  ModuleList,
  manualSeed,
  mseLoss,
  ones,
  Parameter,
  ReLU,
  Sequential,
  Tanh,
  type Tensor,
  tensor,
  zeros,
} from '../../src/index.js';
import { expectClose } from '../helpers/allclose.js';

interface Spec {
  dtype: 'float32' | 'int32' | 'bool';
  shape: number[];
  values: number[];
}
interface ModelCase {
  name: string;
  loss: 'crossEntropy' | 'mseLoss';
  stateDict: Record<string, Spec>;
  input: Spec;
  target: Spec;
  output: Spec;
  lossValue: Spec;
  grads: Record<string, Spec>;
}
interface KeyLists {
  stateDict: string[];
  parameters: string[];
  buffers: string[];
}
const fixture = JSON.parse(readFileSync(new URL('../fixtures/nn.json', import.meta.url), 'utf8')) as {
  models: ModelCase[];
  keys: Record<string, KeyLists>;
  nestedStateDict: Record<string, Spec>;
};

function toTensor(s: Spec, dtype?: DType): Tensor {
  return tensor(s.values, { shape: s.shape, dtype: dtype ?? s.dtype });
}

/** The state dict of a case as neurite tensors, all float32 (as PyTorch wrote them). */
function stateOf(specs: Record<string, Spec>): Record<string, Tensor> {
  return Object.fromEntries(Object.entries(specs).map(([k, s]) => [k, toTensor(s)]));
}

const BUILD: Record<string, (dtype: DType) => Sequential> = {
  mlp: (dtype) => new Sequential(new Linear(4, 8, { dtype }), new ReLU(), new Linear(8, 3, { dtype })),
  tanhMse: (dtype) => new Sequential(new Linear(3, 5, { dtype }), new Tanh(), new Linear(5, 2, { bias: false, dtype })),
};

describe('PyTorch parity: models', () => {
  for (const c of fixture.models) {
    for (const dtype of ['float32', 'float64'] as const) {
      it(`${c.name} (${c.loss}) in ${dtype}: output, loss and every gradient`, () => {
        manualSeed(99);
        const model = BUILD[c.name]?.(dtype);
        if (model === undefined) throw new Error(`no builder for ${c.name}`);
        expect(model.loadStateDict(stateOf(c.stateDict))).toEqual({ missingKeys: [], unexpectedKeys: [] });
        const x = toTensor(c.input, dtype);
        const out = model.forward(x);
        expect(out.dtype).toBe(dtype);
        expectClose(out, toTensor(c.output), { label: 'output' });
        const target = c.target.dtype === 'int32' ? toTensor(c.target) : toTensor(c.target, dtype);
        const loss = c.loss === 'crossEntropy' ? crossEntropy(out, target) : mseLoss(out, target);
        expectClose(loss, toTensor(c.lossValue), { label: 'loss' });
        loss.backward();
        const named = model.namedParameters();
        expect(named.map(([k]) => k)).toEqual(Object.keys(c.grads));
        for (const [key, p] of named) {
          expect(p.grad, key).not.toBeNull();
          expectClose(p.grad as Tensor, toTensor(c.grads[key] as Spec), { label: `grad ${key}` });
        }
      });
    }
  }

  it('loads the float32 values exactly', () => {
    const c = fixture.models[0] as ModelCase;
    const model = BUILD.mlp?.('float32') as Sequential;
    model.loadStateDict(stateOf(c.stateDict));
    for (const [key, t] of Object.entries(model.stateDict())) {
      expect(t.data, key).toEqual(Float32Array.from((c.stateDict[key] as Spec).values));
    }
  });
});

/** BatchNorm1d's state as a user module would hold it (camelCase fields, PyTorch keys). */
class NormLike extends Module {
  weight: Parameter;
  bias: Parameter;
  declare runningMean: Tensor;
  declare runningVar: Tensor;
  declare numBatchesTracked: Tensor;
  constructor(n: number) {
    super();
    this.weight = new Parameter(ones([n]));
    this.bias = new Parameter(zeros([n]));
    this.registerBuffer('running_mean', zeros([n]));
    this.registerBuffer('running_var', ones([n]));
    this.registerBuffer('num_batches_tracked', zeros([], { dtype: 'int32' }));
  }
  forward(x: Tensor): Tensor {
    return x;
  }
}

/** The `Nested` module of nn.py. */
class Nested extends Module {
  fc1 = new Linear(3, 4);
  block = new Sequential(new Linear(4, 4), new ReLU(), new Linear(4, 2, { bias: false }));
  norm = new NormLike(2);
  layers = new ModuleList([new Linear(2, 2), new Tanh(), new Linear(2, 2)]);
  head = new Linear(2, 1);
  forward(x: Tensor): Tensor {
    return x;
  }
}

function keysOf(m: AnyModule): KeyLists {
  return {
    stateDict: Object.keys(m.stateDict()),
    parameters: m.namedParameters().map(([k]) => k),
    buffers: m.namedBuffers().map(([k]) => k),
  };
}

describe('PyTorch parity: keys', () => {
  const cases: Record<string, () => AnyModule> = {
    sequential: () => new Sequential(new Linear(4, 8), new ReLU(), new Dropout(), new Linear(8, 3)),
    nested: () => new Nested(),
    batchNorm1d: () => new NormLike(3),
    crossEntropyLoss: () => new CrossEntropyLoss({ weight: ones([3]) }),
    bceWithLogitsLoss: () => new BCEWithLogitsLoss({ posWeight: ones([2]) }),
  };
  for (const [name, build] of Object.entries(cases)) {
    it(`${name}: stateDict, namedParameters and namedBuffers keys equal PyTorch's`, () => {
      expect(keysOf(build())).toEqual(fixture.keys[name]);
    });
  }

  it('loads the nested PyTorch state dict strictly, int64 num_batches_tracked as int32', () => {
    const model = new Nested();
    const sd = stateOf(fixture.nestedStateDict);
    // as it would come from a safetensors file: int64 data
    const nbt = fixture.nestedStateDict['norm.num_batches_tracked'] as Spec;
    const sdWithBigint = { ...sd, 'norm.num_batches_tracked': { shape: nbt.shape, data: BigInt64Array.from([7n]) } };
    expect(model.loadStateDict(sdWithBigint)).toEqual({ missingKeys: [], unexpectedKeys: [] });
    expect(model.norm.numBatchesTracked.dtype).toBe('int32');
    expect(model.norm.numBatchesTracked.item()).toBe(7);
    const exact = (key: string) => Float32Array.from((fixture.nestedStateDict[key] as Spec).values);
    expect(model.norm.runningVar.data).toEqual(exact('norm.running_var'));
    expect(model.head.weight.data).toEqual(exact('head.weight'));
    expect(model.layers.at<Linear>(2).bias?.data).toEqual(exact('layers.2.bias'));
  });
});
