/**
 * PyTorch parity: every op and loss against the fixtures written by PyTorch
 * (`scripts/fixtures/ops.py` → `test/fixtures/ops.json`; see scripts/fixtures/README.md).
 *
 * Each case gives float32 inputs, the op's options in neurite's naming, PyTorch's outputs and, for
 * an upstream gradient ∂L/∂out stored with the case, the gradient of every float input. The case
 * runs in float32 and again in float64 (same values); outputs and gradients must be within 1e-5
 * relative (|a − b| ≤ 1e-5 · max(|b|, 1e-3)) of PyTorch's float64 answer, rounded to float32.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as neurite from '../../src/index.js';
import { type DType, Tensor, tensor } from '../../src/index.js';
import { expectClose } from '../helpers/allclose.js';

interface Spec {
  dtype: 'float32' | 'int32' | 'bool';
  shape: number[];
  /** Numbers, except NaN/±Infinity written as strings; booleans for 'bool'. */
  values: Array<number | string | boolean>;
}

interface Case {
  op: string;
  k: number;
  inputs: Record<string, Spec | Spec[]>;
  options: Record<string, unknown>;
  outputs: Spec[];
  upstream: Array<Spec | null>;
  grads: Record<string, Spec | null | Array<Spec | null>>;
}

const fixture = JSON.parse(readFileSync(new URL('../fixtures/ops.json', import.meta.url), 'utf8')) as {
  cases: Case[];
};

/** What a table entry receives: tensor inputs, tensor-list inputs, and the options. */
interface Args {
  t: Record<string, Tensor>;
  lists: Record<string, Tensor[]>;
  o: Record<string, unknown>;
}
/** A table entry: calls neurite's `op` (entries shared by a family use the name they are given). */
type Call = (x: Args, op: string) => unknown;
type Fn = (...args: unknown[]) => unknown;

/** The neurite function `name`; missing ops fail their cases loudly, one by one. */
function fn(name: string): Fn {
  const f = (neurite as unknown as Record<string, unknown>)[name];
  if (typeof f !== 'function') throw new Error(`neurite does not export ${name}()`);
  return f as Fn;
}

/** A TensorLike argument: the input tensor `name`, or the number the options give. */
const arg = ({ t, o }: Args, name: string): unknown => t[name] ?? o[name];

/** Only the options that are given (so that neurite's defaults apply to the others). */
function pick(o: Record<string, unknown>, keys: string[], extra: Record<string, unknown> = {}) {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries({ ...Object.fromEntries(keys.map((k) => [k, o[k]])), ...extra })) {
    if (v !== undefined) out[k] = v;
  }
  return out;
}

const binary: Call = (x, op) => fn(op)(arg(x, 'a'), arg(x, 'b'));
const unary: Call = ({ t }, op) => fn(op)(t.x);
const reduction: Call = ({ t, o }, op) => fn(op)(t.x, o.axis, o.keepDims);
const regression: Call = ({ t, o }, op) => fn(op)(t.input, t.target, pick(o, ['reduction', 'delta', 'beta']));
const withWeights: Call = ({ t, o }, op) =>
  fn(op)(
    t.input,
    t.target,
    pick(o, ['reduction', 'ignoreIndex', 'labelSmoothing', 'logTarget', 'p', 'margin'], {
      weight: t.weight,
      posWeight: t.posWeight,
    }),
  );

/** Fixture op name → the neurite call, with neurite's signatures (see the brief's API list). */
const CALLS: Record<string, Call> = {
  add: binary,
  sub: binary,
  mul: binary,
  div: binary,
  pow: binary,
  maximum: binary,
  minimum: binary,
  eq: binary,
  ne: binary,
  lt: binary,
  le: binary,
  gt: binary,
  ge: binary,
  neg: unary,
  exp: unary,
  log: unary,
  sqrt: unary,
  abs: unary,
  sign: unary,
  clamp: ({ t, o }) => fn('clamp')(t.x, o.min, o.max),
  where: (x) => fn('where')(x.t.cond, arg(x, 'a'), arg(x, 'b')),
  maskedFill: ({ t, o }) => fn('maskedFill')(t.x, t.mask, o.value),
  tril: ({ t, o }) => fn('tril')(t.x, o.diagonal),
  triu: ({ t, o }) => fn('triu')(t.x, o.diagonal),

  sigmoid: unary,
  tanh: unary,
  relu: unary,
  selu: unary,
  softsign: unary,
  silu: unary,
  mish: unary,
  hardSigmoid: unary,
  relu6: unary,
  leakyRelu: ({ t, o }) => fn('leakyRelu')(t.x, o.negativeSlope),
  elu: ({ t, o }) => fn('elu')(t.x, o.alpha),
  gelu: ({ t, o }) => fn('gelu')(t.x, o.approximate),
  softplus: ({ t, o }) => fn('softplus')(t.x, o.beta, o.threshold),
  hardTanh: ({ t, o }) => fn('hardTanh')(t.x, o.minVal, o.maxVal),
  softmax: ({ t, o }) => fn('softmax')(t.x, o.axis),
  logSoftmax: ({ t, o }) => fn('logSoftmax')(t.x, o.axis),

  sum: reduction,
  mean: reduction,
  max: reduction,
  min: reduction,
  logSumExp: reduction,
  argmax: reduction,
  argmin: reduction,
  variance: ({ t, o }) => fn('variance')(t.x, o.axis, pick(o, ['unbiased', 'keepDims'])),
  std: ({ t, o }) => fn('std')(t.x, o.axis, pick(o, ['unbiased', 'keepDims'])),

  reshape: ({ t, o }) => fn('reshape')(t.x, o.shape),
  broadcastTo: ({ t, o }) => fn('broadcastTo')(t.x, o.shape),
  flatten: ({ t, o }) => fn('flatten')(t.x, o.startDim, o.endDim),
  squeeze: ({ t, o }) => fn('squeeze')(t.x, o.axis),
  unsqueeze: ({ t, o }) => fn('unsqueeze')(t.x, o.axis),
  transpose: ({ t, o }) => fn('transpose')(t.x, o.dim0, o.dim1),
  permute: ({ t, o }) => fn('permute')(t.x, o.dims),
  slice: ({ t, o }) => fn('slice')(t.x, o.axis, o.start, o.end, o.step),
  narrow: ({ t, o }) => fn('narrow')(t.x, o.axis, o.start, o.length),
  gather: ({ t, o }) => fn('gather')(t.x, o.axis, t.index),
  indexSelect: ({ t, o }) => fn('indexSelect')(t.x, o.axis, t.index),
  concat: ({ lists, o }) => fn('concat')(lists.tensors, o.axis),
  stack: ({ lists, o }) => fn('stack')(lists.tensors, o.axis),
  split: ({ t, o }) => fn('split')(t.x, o.splitSizeOrSections, o.axis),
  pad: ({ t, o }) => fn('pad')(t.x, o.pad, o.mode, o.value),

  matmul: ({ t }) => fn('matmul')(t.a, t.b),
  linear: ({ t }) => fn('linear')(t.x, t.weight, t.bias),

  mseLoss: regression,
  l1Loss: regression,
  huberLoss: regression,
  smoothL1Loss: regression,
  binaryCrossEntropy: withWeights,
  binaryCrossEntropyWithLogits: withWeights,
  crossEntropy: withWeights,
  nllLoss: withWeights,
  klDiv: withWeights,
  multiMarginLoss: withWeights,
};

/** A fixture tensor; float values (exact float32) become `float` (float32 or float64). */
function build(spec: Spec, float: DType, requiresGrad = false): Tensor {
  const values = spec.values.map(Number);
  if (spec.dtype === 'bool') return tensor(Uint8Array.from(values), { shape: spec.shape, dtype: 'bool' });
  if (spec.dtype === 'int32') return tensor(Int32Array.from(values), { shape: spec.shape });
  return tensor(Float32Array.from(values), { shape: spec.shape, dtype: float, requiresGrad });
}

/** Compare a tensor with a fixture: dtype (floats as `float`), shape, then values. */
function expectSpec(actual: Tensor, spec: Spec, float: DType, label: string): void {
  expect(actual, label).toBeInstanceOf(Tensor);
  expect(actual.dtype, `${label} dtype`).toBe(spec.dtype === 'float32' ? float : spec.dtype);
  expect([...actual.shape], `${label} shape`).toEqual(spec.shape);
  const expected = spec.values.map(Number);
  if (spec.dtype === 'float32') expectClose(actual, expected, { rtol: 1e-5, label });
  else expect(Array.from(actual.data as ArrayLike<number>), label).toEqual(expected);
}

function runCase(c: Case, float: DType): void {
  const call = CALLS[c.op];
  if (call === undefined) throw new Error(`no neurite call for fixture op ${c.op}: add it to CALLS`);
  const label = `${c.op} case ${c.k} (${float})`;
  const t: Record<string, Tensor> = {};
  const lists: Record<string, Tensor[]> = {};
  for (const [name, spec] of Object.entries(c.inputs)) {
    const g = c.grads[name];
    if (Array.isArray(spec)) lists[name] = spec.map((s, j) => build(s, float, Array.isArray(g) && j in g));
    else t[name] = build(spec, float, name in c.grads);
  }
  const result = call({ t, lists, o: c.options }, c.op);
  const outs = Array.isArray(result) ? (result as Tensor[]) : [result as Tensor];
  expect(outs.length, `${label}: number of outputs`).toBe(c.outputs.length);
  outs.forEach((out, j) => {
    expectSpec(out, c.outputs[j] as Spec, float, `${label} output ${j}`);
  });

  if (Object.keys(c.grads).length === 0) return;
  outs.forEach((out, j) => {
    const up = c.upstream[j];
    if (up === null || up === undefined) return;
    expect(out.requiresGrad, `${label} output ${j} requires grad`).toBe(true);
    out.backward(build(up, float));
  });
  for (const [name, g] of Object.entries(c.grads)) {
    const leaves = lists[name] ?? [t[name] as Tensor];
    const specs = Array.isArray(g) ? g : [g];
    leaves.forEach((leaf, j) => {
      const spec = specs[j];
      const what = `${label} gradient of ${name}${lists[name] ? `[${j}]` : ''}`;
      if (spec === null || spec === undefined) {
        // PyTorch gives no gradient (the input is unused): none, or zeros, will do.
        if (leaf.grad !== null)
          expect(Array.from(leaf.grad.data as ArrayLike<number>).every((v) => v === 0)).toBe(true);
        return;
      }
      expect(leaf.grad, `${what}: missing`).not.toBeNull();
      expectSpec(leaf.grad as Tensor, spec, float, what);
    });
  }
}

describe('PyTorch parity (test/fixtures/ops.json)', () => {
  it('every fixture op has a neurite call, and every call has fixtures', () => {
    const ops = new Set(fixture.cases.map((c) => c.op));
    expect([...ops].filter((op) => !(op in CALLS))).toEqual([]);
    expect(Object.keys(CALLS).filter((op) => !ops.has(op))).toEqual([]);
  });

  for (const c of fixture.cases) {
    it(`${c.op} case ${c.k}`, () => {
      runCase(c, 'float32');
      runCase(c, 'float64');
    });
  }
});
