/**
 * Conv1d, Conv2d, ConvTranspose2d: PyTorch state dicts load one to one and give PyTorch's output
 * and gradients (fixtures from scripts/fixtures/conv.py), PyTorch's initialization bounds, settings
 * checked in the constructor, input errors that name the layer and the fix, repr and summary.
 */
import { readFileSync } from 'node:fs';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  Conv1d,
  Conv2d,
  ConvTranspose2d,
  type DType,
  DTypeError,
  Flatten,
  Linear,
  MaxPool2d,
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
import { expectClose } from '../helpers/allclose.js';

interface Spec {
  shape: number[];
  values: number[];
}
interface LayerCase {
  layer: 'Conv1d' | 'Conv2d' | 'ConvTranspose2d';
  options: Record<string, unknown> & { inChannels: number; outChannels: number; kernelSize: number | [number, number] };
  stateDict: Record<string, Spec>;
  input: Spec;
  output: Spec;
  upstream: Spec;
  grads: Record<string, Spec>;
}
const fixture = JSON.parse(readFileSync(new URL('../fixtures/conv.json', import.meta.url), 'utf8')) as {
  layers: LayerCase[];
};

const build = (s: Spec, dtype: DType, requiresGrad = false) =>
  tensor(Float32Array.from(s.values), { shape: s.shape, dtype, requiresGrad });

function makeLayer(c: LayerCase, dtype: DType): Conv1d | Conv2d | ConvTranspose2d {
  const { inChannels, outChannels, kernelSize, ...rest } = c.options;
  const opts = { ...rest, dtype } as never;
  if (c.layer === 'Conv1d') return new Conv1d(inChannels, outChannels, kernelSize as number, opts);
  if (c.layer === 'Conv2d') return new Conv2d(inChannels, outChannels, kernelSize, opts);
  return new ConvTranspose2d(inChannels, outChannels, kernelSize, opts);
}

beforeEach(() => manualSeed(0));

describe('conv layers: PyTorch parity', () => {
  fixture.layers.forEach((c, i) => {
    for (const dtype of ['float32', 'float64'] as const) {
      it(`${c.layer} ${JSON.stringify(c.options)} in ${dtype}: state dict, output and gradients`, () => {
        const layer = makeLayer(c, dtype);
        expect(Object.keys(layer.stateDict())).toEqual(Object.keys(c.stateDict));
        const state = Object.fromEntries(Object.entries(c.stateDict).map(([k, s]) => [k, build(s, 'float32')]));
        expect(layer.loadStateDict(state)).toEqual({ missingKeys: [], unexpectedKeys: [] });
        const x = build(c.input, dtype, true);
        const y = layer.forward(x);
        const floor = dtype === 'float32' ? 1e-2 : 1e-3; // see test/ops/conv-parity.test.ts
        const label = `layer case ${i} (${dtype})`;
        expect(y.dtype).toBe(dtype);
        expectClose(y, build(c.output, 'float64'), { rtol: 1e-4, floor, label: `${label} output` });
        y.backward(build(c.upstream, dtype));
        expectClose(x.grad as Tensor, c.grads.input?.values as number[], { rtol: 1e-4, floor, label: `${label} dx` });
        for (const [key, p] of layer.namedParameters()) {
          expectClose(p.grad as Tensor, c.grads[key]?.values as number[], {
            rtol: 1e-4,
            floor,
            label: `${label} ${key}`,
          });
        }
      });
    }
  });
});

describe('conv layers', () => {
  it('initialize as PyTorch: U(±1/√fanIn) for weight and bias, fanIn from weight.shape[1]', () => {
    const check = (w: Tensor, b: Tensor, fanIn: number) => {
      const bound = 1 / Math.sqrt(fanIn);
      const absMax = (t: Tensor) => Math.max(...Array.from(t.data as Float32Array, Math.abs));
      expect(absMax(w)).toBeLessThanOrEqual(bound);
      expect(absMax(w)).toBeGreaterThan(0.95 * bound); // hundreds of draws reach the bound
      expect(absMax(b)).toBeLessThanOrEqual(bound);
    };
    const conv = new Conv2d(4, 32, [3, 2], { groups: 2 });
    expect(conv.weight.shape).toEqual([32, 2, 3, 2]);
    check(conv.weight, conv.bias as Tensor, 2 * 3 * 2);
    const up = new ConvTranspose2d(16, 12, 4, { groups: 2 });
    expect(up.weight.shape).toEqual([16, 6, 4, 4]);
    check(up.weight, up.bias as Tensor, 6 * 16);
    const c1 = new Conv1d(3, 5, 7, { bias: false, dtype: 'float64' });
    expect(c1.weight.shape).toEqual([5, 3, 7]);
    expect(c1.weight.dtype).toBe('float64');
    expect(c1.bias).toBeNull();
    expect(Object.keys(c1.stateDict())).toEqual(['weight']);
  });

  it('draw the same weights from the same seed', () => {
    manualSeed(7);
    const a = new Conv2d(3, 4, 3).weight.toArray();
    manualSeed(7);
    expect(new Conv2d(3, 4, 3).weight.toArray()).toEqual(a);
  });

  it('check their settings in the constructor', () => {
    expect(() => new Conv2d(0, 8, 3)).toThrow(new ValueError('Conv2d: inChannels must be a positive integer, got 0'));
    expect(() => new Conv2d(3, 8, 3, { groups: 2 })).toThrow('Conv2d: inChannels 3 must be divisible by groups 2');
    expect(() => new Conv2d(4, 6, 3, { groups: 4 })).toThrow('Conv2d: outChannels 6 must be divisible by groups 4');
    expect(() => new Conv2d(1, 8, [3, 0])).toThrow(/kernelSize must be an integer >= 1 or 2 of them/);
    expect(() => new Conv2d(1, 8, 3, { stride: 2, padding: 'same' })).toThrow(/padding='same' needs stride 1/);
    expect(() => new Conv1d(1, 8, 3, { padding: -1 })).toThrow('Conv1d: padding must be an integer >= 0, got -1');
    expect(() => new ConvTranspose2d(4, 2, 4, { stride: 2, outputPadding: 2 })).toThrow(
      /outputPadding \[2, 2\] must be smaller/,
    );
    expect(() => new ConvTranspose2d(4, 2, 4, { padding: 'same' as never })).toThrow(ValueError);
  });

  it('name the layer, both shapes and the fix for a wrong input', () => {
    const conv = new Conv2d(1, 8, 5, { padding: 'same' });
    expect(() => conv.forward(zeros([64, 28, 28]))).toThrow(
      new ShapeError(
        'Conv2d(1 → 8, kernel 5×5): input shape [64, 28, 28] has 3 dims, expected [N, 1, H, W] — add a channel ' +
          'axis: x.unsqueeze(1) or x.reshape([64, 1, 28, 28])',
      ),
    );
    expect(() => conv.forward(zeros([64, 784]))).toThrow(
      /flattened images\? reshape them: x.reshape\(\[64, 1, 28, 28\]\)/,
    );
    expect(() => conv.forward(zeros([2, 3, 28, 28]))).toThrow(
      'Conv2d(1 → 8, kernel 5×5): input shape [2, 3, 28, 28] has 3 channels, expected 1: [N, 1, H, W] — build the ' +
        'layer with inChannels 3, or give it 1-channel input',
    );
    const rgb = new Conv2d(3, 8, 3);
    expect(() => rgb.forward(zeros([3, 32, 32]))).toThrow(/one sample\? add a batch axis: x.unsqueeze\(0\)/);
    expect(() => rgb.forward(zeros([2, 32, 32, 3]))).toThrow(
      /channels-last \(NHWC\) input\? move the channels: x.permute\(\[0, 3, 1, 2\]\)/,
    );
    expect(() => rgb.forward(zeros([2, 3, 2, 2]))).toThrow(
      /^Conv2d\(3 → 8, kernel 3×3\): input shape \[2, 3, 2, 2\] padded to 2×2 is smaller than the kernel 3×3/,
    );
    expect(() => rgb.forward(zeros([2, 3, 8, 8], { dtype: 'int32' }))).toThrow(DTypeError);
    expect(() => new Conv1d(2, 4, 3).forward(zeros([4, 3, 10]))).toThrow(/has 3 channels, expected 2: \[N, 2, L\]/);
    expect(() => new ConvTranspose2d(4, 2, 3).forward(zeros([1, 2, 5, 5]))).toThrow(
      /^ConvTranspose2d\(4 → 2, kernel 3×3\)/,
    );
  });

  it('print like PyTorch, leaving defaults out', () => {
    expect(new Conv2d(1, 8, 5, { padding: 'same' }).extraRepr()).toBe(
      "1, 8, kernelSize=[5, 5], stride=[1, 1], padding='same'",
    );
    expect(new Conv1d(4, 6, 3, { padding: 1, dilation: 2, groups: 2, bias: false }).extraRepr()).toBe(
      '4, 6, kernelSize=[3], stride=[1], padding=[1], dilation=[2], groups=2, bias=false',
    );
    expect(new ConvTranspose2d(8, 4, 4, { stride: 2, padding: 1, outputPadding: 1 }).extraRepr()).toBe(
      '8, 4, kernelSize=[4, 4], stride=[2, 2], padding=[1, 1], outputPadding=[1, 1]',
    );
  });

  it('build a LeNet that runs forward and backward and summarizes', () => {
    const net = new Sequential(
      new Conv2d(1, 8, 5, { padding: 'same' }),
      new ReLU(),
      new MaxPool2d(2),
      new Conv2d(8, 16, 5, { padding: 'same' }),
      new ReLU(),
      new MaxPool2d(2),
      new Flatten(),
      new Linear(16 * 7 * 7, 10),
    );
    const y = net.forward(randn([2, 1, 28, 28]));
    expect(y.shape).toEqual([2, 10]);
    y.sum().backward();
    for (const p of net.parameters()) expect(p.grad?.shape).toEqual(p.shape);
    const table = net.summary([1, 1, 28, 28]);
    expect(table).toMatch(/0 \(Conv2d\)\s+\[1, 8, 28, 28\]\s+208/);
    expect(table).toMatch(/3 \(Conv2d\)\s+\[1, 16, 14, 14\]\s+3,216/);
  });
});
