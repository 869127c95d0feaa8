/**
 * PyTorch parity of pooling and normalization (`scripts/fixtures/pool_norm.py` →
 * `test/fixtures/pool-norm.json`): the ops' outputs and input gradients, the BatchNorm / LayerNorm
 * layers over 3 training steps (outputs, gradients of input, weight and bias, then running
 * statistics and num_batches_tracked) and one eval step, and the state-dict / parameter / buffer
 * keys. Every value within 1e-4 relative (|a − b| ≤ 1e-4 · max(|b|, 1e-3)) of PyTorch's float64
 * answer, in float32 and float64.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  AdaptiveAvgPool2d,
  type AnyModule,
  adaptiveAvgPool1d,
  adaptiveAvgPool2d,
  avgPool1d,
  avgPool2d,
  BatchNorm1d,
  BatchNorm2d,
  batchNorm,
  Dropout2d,
  type DType,
  Flatten,
  LayerNorm,
  Linear,
  layerNorm,
  MaxPool2d,
  maxPool1d,
  maxPool2d,
  Sequential,
  type Tensor,
  tensor,
  zeros,
} from '../../src/index.js';
import { expectClose } from '../helpers/allclose.js';

interface Spec {
  dtype: 'float32' | 'int32';
  shape: number[];
  values: number[];
}
interface Options {
  kernelSize?: number | [number, number];
  stride?: number | [number, number];
  padding?: number | [number, number];
  dilation?: number | [number, number];
  ceilMode?: boolean;
  countIncludePad?: boolean;
  divisorOverride?: number;
  outputSize?: number | [number | null, number | null];
  training?: boolean;
  momentum?: number | null;
  eps?: number;
  normalizedShape?: number[];
  numFeatures?: number;
  affine?: boolean;
  trackRunningStats?: boolean;
  elementwiseAffine?: boolean;
}
interface OpCase {
  op: string;
  k: number;
  inputs: Record<string, Spec>;
  options: Options;
  outputs: Spec[];
  upstream: Spec[];
  grads: Record<string, Spec>;
}
interface Step {
  input: Spec;
  upstream: Spec;
  output: Spec;
  grads: Record<string, Spec>;
}
interface LayerCase {
  name: string;
  layer: 'BatchNorm1d' | 'BatchNorm2d' | 'LayerNorm';
  options: Options;
  stateDict: Record<string, Spec>;
  train: Step[];
  stateAfter: Record<string, Spec>;
  eval: Step;
}
interface KeyLists {
  stateDict: string[];
  parameters: string[];
  buffers: string[];
}

const fixture = JSON.parse(readFileSync(new URL('../fixtures/pool-norm.json', import.meta.url), 'utf8')) as {
  cases: OpCase[];
  layers: LayerCase[];
  keys: Record<string, KeyLists>;
};
const TOL = { rtol: 1e-4, floor: 1e-3 };

function load(s: Spec, dtype: DType = s.dtype): Tensor {
  return tensor(s.values, { shape: s.shape, dtype: s.dtype === 'int32' ? 'int32' : dtype });
}

type Call = (t: Record<string, Tensor>, o: Options) => Tensor;
const CALLS: Record<string, Call> = {
  maxPool2d: (t, o) =>
    maxPool2d(t.x as Tensor, o.kernelSize as number, o.stride, o.padding, {
      dilation: o.dilation,
      ceilMode: o.ceilMode,
    }),
  maxPool1d: (t, o) =>
    maxPool1d(t.x as Tensor, o.kernelSize as number, o.stride as number | undefined, o.padding as number | undefined, {
      dilation: o.dilation,
      ceilMode: o.ceilMode,
    }),
  avgPool2d: (t, o) =>
    avgPool2d(t.x as Tensor, o.kernelSize as number, o.stride, o.padding, {
      ceilMode: o.ceilMode,
      countIncludePad: o.countIncludePad,
      divisorOverride: o.divisorOverride,
    }),
  avgPool1d: (t, o) =>
    avgPool1d(t.x as Tensor, o.kernelSize as number, o.stride as number | undefined, o.padding as number | undefined, {
      ceilMode: o.ceilMode,
      countIncludePad: o.countIncludePad,
    }),
  adaptiveAvgPool2d: (t, o) => adaptiveAvgPool2d(t.x as Tensor, o.outputSize as [number | null, number | null]),
  adaptiveAvgPool1d: (t, o) => adaptiveAvgPool1d(t.x as Tensor, o.outputSize as number),
  batchNorm: (t, o) =>
    batchNorm(t.x as Tensor, t.runningMean ?? null, t.runningVar ?? null, t.weight ?? null, t.bias ?? null, {
      training: o.training,
      momentum: o.momentum ?? undefined,
      eps: o.eps,
    }),
  layerNorm: (t, o) => layerNorm(t.x as Tensor, o.normalizedShape as number[], t.weight ?? null, t.bias ?? null, o.eps),
};

describe('pooling and normalization ops vs PyTorch', () => {
  for (const c of fixture.cases) {
    for (const dtype of ['float32', 'float64'] as const) {
      it(`${c.op} case ${c.k} (${dtype})`, () => {
        const call = CALLS[c.op];
        if (call === undefined) throw new Error(`no call for ${c.op}`);
        const t: Record<string, Tensor> = {};
        for (const [name, s] of Object.entries(c.inputs)) {
          t[name] = load(s, dtype);
          t[name].requiresGrad = name in c.grads;
        }
        const out = call(t, c.options);
        const label = `${c.op} case ${c.k} ${dtype}`;
        expectClose(out, load(c.outputs[0] as Spec), { ...TOL, label: `${label} output` });
        out.backward(load(c.upstream[0] as Spec, dtype));
        for (const [name, g] of Object.entries(c.grads)) {
          expectClose(t[name]?.grad as Tensor, load(g), { ...TOL, label: `${label} grad ${name}` });
        }
      });
    }
  }
});

function build(c: LayerCase, dtype: 'float32' | 'float64'): AnyModule {
  const o = c.options;
  if (c.layer === 'LayerNorm') {
    return new LayerNorm(o.normalizedShape as number[], { eps: o.eps, elementwiseAffine: o.elementwiseAffine, dtype });
  }
  const options = { eps: o.eps, momentum: o.momentum, affine: o.affine, trackRunningStats: o.trackRunningStats, dtype };
  const Layer = c.layer === 'BatchNorm1d' ? BatchNorm1d : BatchNorm2d;
  return new Layer(o.numFeatures as number, options);
}

function runStep(layer: AnyModule, step: Step, dtype: DType, label: string): void {
  const x = load(step.input, dtype);
  x.requiresGrad = true;
  layer.zeroGrad();
  const out = layer.forward(x) as Tensor;
  expectClose(out, load(step.output), { ...TOL, label: `${label} output` });
  out.backward(load(step.upstream, dtype));
  const params = Object.fromEntries(layer.namedParameters());
  expect(Object.keys(params).sort(), `${label} parameters`).toEqual(
    Object.keys(step.grads)
      .filter((k) => k !== 'input')
      .sort(),
  );
  for (const [name, g] of Object.entries(step.grads)) {
    const actual = name === 'input' ? x.grad : params[name]?.grad;
    expectClose(actual as Tensor, load(g), { ...TOL, label: `${label} grad ${name}` });
  }
}

describe('BatchNorm / LayerNorm layers vs PyTorch', () => {
  for (const c of fixture.layers) {
    for (const dtype of ['float32', 'float64'] as const) {
      it(`${c.name} (${dtype}): ${c.train.length} training steps, running statistics, eval`, () => {
        const layer = build(c, dtype);
        expect(Object.keys(layer.stateDict())).toEqual(Object.keys(c.stateDict));
        layer.loadStateDict(Object.fromEntries(Object.entries(c.stateDict).map(([k, s]) => [k, load(s, dtype)])));
        c.train.forEach((step, i) => {
          runStep(layer, step, dtype, `${c.name} ${dtype} step ${i}`);
        });
        const state = layer.stateDict();
        for (const [key, s] of Object.entries(c.stateAfter)) {
          const label = `${c.name} ${dtype} ${key} after training`;
          if (s.dtype === 'int32') expect(Array.from((state[key] as Tensor).data), label).toEqual(s.values);
          else expectClose(state[key] as Tensor, load(s), { ...TOL, label });
        }
        layer.eval();
        runStep(layer, c.eval, dtype, `${c.name} ${dtype} eval`);
      });
    }
  }
});

describe('state-dict keys as PyTorch', () => {
  const modules: Record<string, () => AnyModule> = {
    'BatchNorm1d(3)': () => new BatchNorm1d(3),
    'BatchNorm2d(3, affine=False)': () => new BatchNorm2d(3, { affine: false }),
    'BatchNorm2d(3, track_running_stats=False)': () => new BatchNorm2d(3, { trackRunningStats: false }),
    'LayerNorm([3, 4])': () => new LayerNorm([3, 4]),
    'LayerNorm(4, elementwise_affine=False)': () => new LayerNorm(4, { elementwiseAffine: false }),
    Sequential: () =>
      new Sequential(
        new BatchNorm2d(2),
        new MaxPool2d(2),
        new Dropout2d(),
        new AdaptiveAvgPool2d(1),
        new Flatten(),
        new Linear(2, 4),
        new BatchNorm1d(4),
        new LayerNorm(4),
      ),
  };
  it('covers every module of the fixture', () => {
    expect(Object.keys(modules).sort()).toEqual(Object.keys(fixture.keys).sort());
  });
  for (const [name, make] of Object.entries(modules)) {
    it(name, () => {
      const m = make();
      const expected = fixture.keys[name] as KeyLists;
      expect(Object.keys(m.stateDict())).toEqual(expected.stateDict);
      expect(m.namedParameters().map(([k]) => k)).toEqual(expected.parameters);
      expect(m.namedBuffers().map(([k]) => k)).toEqual(expected.buffers);
    });
  }
  it('the Sequential runs forward and backward', () => {
    const model = modules.Sequential?.() as AnyModule;
    const x = zeros([3, 2, 4, 4]).add(tensor([1, 2, 3, 4]));
    const y = model.forward(x) as Tensor;
    expect(y.shape).toEqual([3, 4]);
    y.sum().backward();
    expect(model.parameters().every((p) => p.grad !== null)).toBe(true);
  });
});
