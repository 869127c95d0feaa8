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
import * as nt from '../../src/index.js';
import { type DType, Tensor, type TensorLike, tensor } from '../../src/index.js';
import { expectClose } from '../helpers/allclose.js';

interface Spec {
  dtype: 'float32' | 'int32' | 'bool';
  shape: number[];
  /** Numbers, except NaN/±Infinity written as strings; booleans for 'bool'. */
  values: Array<number | string | boolean>;
}

/** Every option the fixtures use, in neurite's naming (numbers `a`/`b` are TensorLike operands). */
interface Options {
  a?: number;
  b?: number;
  min?: number;
  max?: number;
  value?: number;
  diagonal?: number;
  negativeSlope?: number;
  alpha?: number;
  approximate?: 'none' | 'tanh';
  beta?: number;
  threshold?: number;
  minVal?: number;
  maxVal?: number;
  axis?: number | number[];
  keepDims?: boolean;
  unbiased?: boolean;
  shape?: number[];
  startDim?: number;
  endDim?: number;
  dim0?: number;
  dim1?: number;
  dims?: number[];
  start?: number;
  end?: number;
  step?: number;
  length?: number;
  splitSizeOrSections?: number | number[];
  pad?: number[];
  mode?: 'constant' | 'reflect' | 'replicate' | 'circular';
  reduction?: 'mean' | 'sum' | 'none';
  delta?: number;
  ignoreIndex?: number;
  labelSmoothing?: number;
  logTarget?: boolean;
  p?: 1 | 2;
  margin?: number;
}

interface Case {
  op: string;
  k: number;
  inputs: Record<string, Spec | Spec[]>;
  options: Options;
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
  o: Options;
}
type Call = (x: Args) => Tensor | Tensor[];

/** A TensorLike operand: the input tensor `name`, or the number the options give. */
function arg({ t, o }: Args, name: 'a' | 'b'): TensorLike {
  const v = t[name] ?? o[name];
  if (v === undefined) throw new Error(`fixture gives no operand ${name}`);
  return v;
}

/** An option that must be one axis (the fixtures give lists only to reductions). */
const one = (axis: number | number[] | undefined) => axis as number;

const binary =
  (f: (a: TensorLike, b: TensorLike) => Tensor): Call =>
  (x) =>
    f(arg(x, 'a'), arg(x, 'b'));
const unary =
  (f: (x: Tensor) => Tensor): Call =>
  ({ t }) =>
    f(t.x as Tensor);
const reduction =
  (f: (x: Tensor, axis?: number | number[], keepDims?: boolean) => Tensor): Call =>
  ({ t, o }) =>
    f(t.x as Tensor, o.axis, o.keepDims);
const pointwiseLoss =
  (f: (input: Tensor, target: Tensor, options?: { reduction?: Options['reduction'] }) => Tensor): Call =>
  ({ t, o }) =>
    f(t.input as Tensor, t.target as Tensor, { reduction: o.reduction });

/**
 * Fixture op name → the neurite call, with neurite's signatures (see the brief's API list). Options
 * the case does not give are passed as undefined, which selects neurite's defaults.
 */
const CALLS: Record<string, Call> = {
  add: binary(nt.add),
  sub: binary(nt.sub),
  mul: binary(nt.mul),
  div: binary(nt.div),
  pow: binary(nt.pow),
  maximum: ({ t }) => nt.maximum(t.a as Tensor, t.b as Tensor),
  minimum: ({ t }) => nt.minimum(t.a as Tensor, t.b as Tensor),
  eq: binary(nt.eq),
  ne: binary(nt.ne),
  lt: binary(nt.lt),
  le: binary(nt.le),
  gt: binary(nt.gt),
  ge: binary(nt.ge),
  neg: unary(nt.neg),
  exp: unary(nt.exp),
  log: unary(nt.log),
  sqrt: unary(nt.sqrt),
  abs: unary(nt.abs),
  sign: unary(nt.sign),
  clamp: ({ t, o }) => nt.clamp(t.x as Tensor, o.min, o.max),
  where: (x) => nt.where(x.t.cond as Tensor, arg(x, 'a'), arg(x, 'b')),
  maskedFill: ({ t, o }) => nt.maskedFill(t.x as Tensor, t.mask as Tensor, o.value as number),
  tril: ({ t, o }) => nt.tril(t.x as Tensor, o.diagonal),
  triu: ({ t, o }) => nt.triu(t.x as Tensor, o.diagonal),

  sigmoid: unary(nt.sigmoid),
  tanh: unary(nt.tanh),
  relu: unary(nt.relu),
  selu: unary(nt.selu),
  softsign: unary(nt.softsign),
  silu: unary(nt.silu),
  mish: unary(nt.mish),
  hardSigmoid: unary(nt.hardSigmoid),
  relu6: unary(nt.relu6),
  leakyRelu: ({ t, o }) => nt.leakyRelu(t.x as Tensor, o.negativeSlope),
  elu: ({ t, o }) => nt.elu(t.x as Tensor, o.alpha),
  gelu: ({ t, o }) => nt.gelu(t.x as Tensor, o.approximate),
  softplus: ({ t, o }) => nt.softplus(t.x as Tensor, o.beta, o.threshold),
  hardTanh: ({ t, o }) => nt.hardTanh(t.x as Tensor, o.minVal, o.maxVal),
  softmax: ({ t, o }) => nt.softmax(t.x as Tensor, one(o.axis)),
  logSoftmax: ({ t, o }) => nt.logSoftmax(t.x as Tensor, one(o.axis)),

  sum: reduction(nt.sum),
  mean: reduction(nt.mean),
  max: reduction(nt.max),
  min: reduction(nt.min),
  logSumExp: reduction(nt.logSumExp),
  argmax: ({ t, o }) => nt.argmax(t.x as Tensor, one(o.axis), o.keepDims),
  argmin: ({ t, o }) => nt.argmin(t.x as Tensor, one(o.axis), o.keepDims),
  variance: ({ t, o }) => nt.variance(t.x as Tensor, o.axis, { unbiased: o.unbiased, keepDims: o.keepDims }),
  std: ({ t, o }) => nt.std(t.x as Tensor, o.axis, { unbiased: o.unbiased, keepDims: o.keepDims }),

  reshape: ({ t, o }) => nt.reshape(t.x as Tensor, o.shape as number[]),
  broadcastTo: ({ t, o }) => nt.broadcastTo(t.x as Tensor, o.shape as number[]),
  flatten: ({ t, o }) => nt.flatten(t.x as Tensor, o.startDim, o.endDim),
  squeeze: ({ t, o }) => nt.squeeze(t.x as Tensor, o.axis),
  unsqueeze: ({ t, o }) => nt.unsqueeze(t.x as Tensor, one(o.axis)),
  transpose: ({ t, o }) => nt.transpose(t.x as Tensor, o.dim0 as number, o.dim1 as number),
  permute: ({ t, o }) => nt.permute(t.x as Tensor, o.dims as number[]),
  slice: ({ t, o }) => nt.slice(t.x as Tensor, one(o.axis), o.start as number, o.end, o.step),
  narrow: ({ t, o }) => nt.narrow(t.x as Tensor, one(o.axis), o.start as number, o.length as number),
  gather: ({ t, o }) => nt.gather(t.x as Tensor, one(o.axis), t.index as Tensor),
  indexSelect: ({ t, o }) => nt.indexSelect(t.x as Tensor, one(o.axis), t.index as Tensor),
  concat: ({ lists, o }) => nt.concat(lists.tensors as Tensor[], one(o.axis)),
  stack: ({ lists, o }) => nt.stack(lists.tensors as Tensor[], one(o.axis)),
  split: ({ t, o }) => nt.split(t.x as Tensor, o.splitSizeOrSections as number | number[], one(o.axis)),
  pad: ({ t, o }) => nt.pad(t.x as Tensor, o.pad as number[], o.mode, o.value),

  matmul: ({ t }) => nt.matmul(t.a as Tensor, t.b as Tensor),
  linear: ({ t }) => nt.linear(t.x as Tensor, t.weight as Tensor, t.bias),

  mseLoss: pointwiseLoss(nt.mseLoss),
  l1Loss: pointwiseLoss(nt.l1Loss),
  huberLoss: ({ t, o }) =>
    nt.huberLoss(t.input as Tensor, t.target as Tensor, { reduction: o.reduction, delta: o.delta }),
  smoothL1Loss: ({ t, o }) =>
    nt.smoothL1Loss(t.input as Tensor, t.target as Tensor, { reduction: o.reduction, beta: o.beta }),
  binaryCrossEntropy: ({ t, o }) =>
    nt.binaryCrossEntropy(t.input as Tensor, t.target as Tensor, { reduction: o.reduction, weight: t.weight }),
  binaryCrossEntropyWithLogits: ({ t, o }) =>
    nt.binaryCrossEntropyWithLogits(t.input as Tensor, t.target as Tensor, {
      reduction: o.reduction,
      weight: t.weight,
      posWeight: t.posWeight,
    }),
  crossEntropy: ({ t, o }) =>
    nt.crossEntropy(t.input as Tensor, t.target as Tensor, {
      reduction: o.reduction,
      weight: t.weight,
      ignoreIndex: o.ignoreIndex,
      labelSmoothing: o.labelSmoothing,
    }),
  nllLoss: ({ t, o }) =>
    nt.nllLoss(t.input as Tensor, t.target as Tensor, {
      reduction: o.reduction,
      weight: t.weight,
      ignoreIndex: o.ignoreIndex,
    }),
  klDiv: ({ t, o }) =>
    nt.klDiv(
      t.input as Tensor,
      t.target as Tensor,
      // The fixtures also use klDiv's own reduction, 'batchmean'.
      { reduction: o.reduction as 'mean' | 'batchmean' | 'sum' | 'none' | undefined, logTarget: o.logTarget },
    ),
  multiMarginLoss: ({ t, o }) =>
    nt.multiMarginLoss(t.input as Tensor, t.target as Tensor, {
      reduction: o.reduction,
      weight: t.weight,
      p: o.p,
      margin: o.margin,
    }),
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
  const result = call({ t, lists, o: c.options });
  const outs = Array.isArray(result) ? result : [result];
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
          expect(
            Array.from(leaf.grad.data as ArrayLike<number>).every((v) => v === 0),
            `${what}: not zero`,
          ).toBe(true);
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
