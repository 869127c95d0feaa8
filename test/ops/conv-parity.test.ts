/**
 * PyTorch parity of the convolutions (`scripts/fixtures/conv.py` → `test/fixtures/conv.json`):
 * conv2d, conv1d and convTranspose2d over combinations of stride, padding ('same' with odd and
 * even kernels, 'valid', numbers, [h, w]), dilation and groups. Each case runs in float32 and in
 * float64 from the same float32 values; the output and the gradients of input, weight and bias
 * must be within 1e-4 relative of PyTorch's float64 answer: |a − b| ≤ 1e-4 · max(|b|, floor) with
 * floor 1e-2 in float32 (an output near 0 is a sum of O(1) products that cancel; its float32
 * rounding, ~√K · 6e-8, is more than 1e-4 · 1e-3, and PyTorch's own float32 misses by as much) and
 * 1e-3 in float64.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  type Conv1dOptions,
  type Conv2dOptions,
  type ConvTranspose2dOptions,
  conv1d,
  conv2d,
  convTranspose2d,
  type DType,
  type Tensor,
  tensor,
} from '../../src/index.js';
import { expectClose } from '../helpers/allclose.js';

interface Spec {
  dtype: 'float32';
  shape: number[];
  values: number[];
}

interface Case {
  op: 'conv2d' | 'conv1d' | 'convTranspose2d';
  k: number;
  inputs: { x: Spec; weight: Spec; bias?: Spec };
  options: Conv2dOptions & ConvTranspose2dOptions;
  outputs: [Spec];
  upstream: [Spec];
  grads: { x: Spec; weight: Spec; bias?: Spec };
}

const fixture = JSON.parse(readFileSync(new URL('../fixtures/conv.json', import.meta.url), 'utf8')) as {
  cases: Case[];
};

const CALLS = {
  conv2d: (x: Tensor, w: Tensor, b: Tensor | undefined, o: Case['options']) => conv2d(x, w, b, o),
  conv1d: (x: Tensor, w: Tensor, b: Tensor | undefined, o: Case['options']) => conv1d(x, w, b, o as Conv1dOptions),
  convTranspose2d: (x: Tensor, w: Tensor, b: Tensor | undefined, o: Case['options']) => convTranspose2d(x, w, b, o),
};

function build(spec: Spec, dtype: DType, requiresGrad = false): Tensor {
  return tensor(Float32Array.from(spec.values), { shape: spec.shape, dtype, requiresGrad });
}

function expectSpec(actual: Tensor | null, spec: Spec, dtype: DType, label: string): void {
  expect(actual, label).not.toBeNull();
  const t = actual as Tensor;
  expect(t.dtype, `${label} dtype`).toBe(dtype);
  expect([...t.shape], `${label} shape`).toEqual(spec.shape);
  expectClose(t, spec.values, { rtol: 1e-4, floor: dtype === 'float32' ? 1e-2 : 1e-3, label });
}

describe('PyTorch parity of the convolutions (test/fixtures/conv.json)', () => {
  it('covers every op with strides, paddings, dilations and groups', () => {
    const ops = new Set(fixture.cases.map((c) => c.op));
    expect([...ops].sort()).toEqual(['conv1d', 'conv2d', 'convTranspose2d']);
    for (const key of ['stride', 'padding', 'dilation', 'groups'] as const) {
      for (const op of ops)
        expect(
          fixture.cases.some((c) => c.op === op && key in c.options),
          `${op} ${key}`,
        ).toBe(true);
    }
  });

  for (const c of fixture.cases) {
    for (const dtype of ['float32', 'float64'] as const) {
      it(`${c.op} case ${c.k} ${JSON.stringify(c.options)} in ${dtype}: output and every gradient`, () => {
        const label = `${c.op} case ${c.k} (${dtype})`;
        const x = build(c.inputs.x, dtype, true);
        const w = build(c.inputs.weight, dtype, true);
        const b = c.inputs.bias === undefined ? undefined : build(c.inputs.bias, dtype, true);
        const y = CALLS[c.op](x, w, b, c.options);
        expectSpec(y, c.outputs[0], dtype, `${label} output`);
        y.backward(build(c.upstream[0], dtype));
        expectSpec(x.grad, c.grads.x, dtype, `${label} gradient of x`);
        expectSpec(w.grad, c.grads.weight, dtype, `${label} gradient of weight`);
        if (b !== undefined) expectSpec(b.grad, c.grads.bias as Spec, dtype, `${label} gradient of bias`);
      });
    }
  }
});
