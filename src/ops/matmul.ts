/**
 * Matrix products: `matmul` (NumPy / PyTorch semantics) and `linear` (x·Wᵀ + b). Both go through
 * one primitive, a batched GEMM with transpose flags and broadcast batch dims, whose backward is
 * two more GEMMs of the same kind: no transposed or broadcast copies are ever made.
 */
import { kernels } from '../backend/backend.js';
import { type GemmSpec, NO_BATCH, plainSpec } from '../backend/kernels/matmul.js';
import { isFloat, promoteTypes, type TypedArray } from '../dtype.js';
import { DTypeError, fmtShape, ShapeError } from '../errors.js';
import { broadcastShapes, broadcastStrides, numel, type Shape } from '../shape.js';
import { Tensor } from '../tensor.js';
import { relu } from './activation.js';
import { defineOp } from './define.js';
import { add, to } from './elementwise.js';
import { reshape } from './movement.js';

interface GemmParams {
  transA: boolean;
  transB: boolean;
  /** Batch dims of the result; broadcast dims of the operands missing here are summed. */
  outBatch: Shape;
}

/** Strides in elements of whole matrices of `size` elements. */
function scale(strides: number[], size: number): number[] {
  return strides.map((s) => s * size);
}

/** Build the kernel's spec for C[outBatch] = Σ op(A) · op(B) (shapes already validated). */
function gemmSpec(a: Tensor, b: Tensor, { transA, transB, outBatch }: GemmParams): GemmSpec {
  const ra = a.ndim - 2;
  const rb = b.ndim - 2;
  const [m, k] = transA ? [a.shape[ra + 1], a.shape[ra]] : [a.shape[ra], a.shape[ra + 1]];
  const n = (transB ? b.shape[rb] : b.shape[rb + 1]) as number;
  if (ra === 0 && rb === 0 && outBatch.length === 0) {
    return { m: m as number, n, k: k as number, transA, transB, batch: NO_BATCH };
  }
  const aBatch = a.shape.slice(0, ra);
  const bBatch = b.shape.slice(0, rb);
  const full = broadcastShapes(broadcastShapes(aBatch, bBatch, 'matmul'), outBatch, 'matmul');
  return {
    m: m as number,
    n,
    k: k as number,
    transA,
    transB,
    batch: {
      shape: full,
      aStrides: scale(broadcastStrides(aBatch, full), (m as number) * (k as number)),
      bStrides: scale(broadcastStrides(bBatch, full), (k as number) * n),
      // broadcastStrides gives 0 along the dims C lacks (or has as 1): exactly the summed dims.
      cStrides: scale(broadcastStrides(outBatch, full), (m as number) * n),
    },
  };
}

const gemmOp = defineOp<[Tensor, Tensor], GemmParams>({
  name: 'matmul',
  forward: (k, [a, b], params) => {
    const spec = gemmSpec(a, b, params);
    return { data: k.gemm(a.data, b.data, spec), shape: [...params.outBatch, spec.m, spec.n] };
  },
  // With C = op(A)·op(B):  d op(A) = dC·op(B)ᵀ  and  d op(B) = op(A)ᵀ·dC. Each is re-expressed in the
  // stored layout of A or B by choosing the flags, and reduced to the operand's own batch shape.
  backward: (g, { inputs: [a, b], params: { transA, transB } }) => {
    const aBatch = a.shape.slice(0, -2);
    const bBatch = b.shape.slice(0, -2);
    const gradA = !a.requiresGrad
      ? null
      : transA
        ? gemm(b, g, transB, true, aBatch) // A stored [k, m]: dA = op(B)·dCᵀ
        : gemm(g, b, false, !transB, aBatch); // dA = dC·op(B)ᵀ
    const gradB = !b.requiresGrad
      ? null
      : transB
        ? gemm(g, a, true, transA, bBatch) // B stored [n, k]: dB = dCᵀ·op(A)
        : gemm(a, g, !transA, false, bBatch); // dB = op(A)ᵀ·dC
    return [gradA, gradB];
  },
});

/**
 * The batched GEMM primitive: op(a) · op(b) for ≥2-D operands of one dtype, with the batch dims
 * broadcast and then summed down to `outBatch`. Internal: users call `matmul` or `linear`.
 */
function gemm(a: Tensor, b: Tensor, transA: boolean, transB: boolean, outBatch: Shape): Tensor {
  return gemmOp([a, b], { transA, transB, outBatch });
}

/** Promote both operands to one dtype, as PyTorch; bool has no matrix product. */
function sameDType(op: string, a: Tensor, b: Tensor): [Tensor, Tensor] {
  const dtype = promoteTypes(a.dtype, b.dtype);
  if (dtype === 'bool') {
    throw new DTypeError(`${op}: bool tensors have no matrix product; convert them with .to('float32')`);
  }
  return [to(a, dtype), to(b, dtype)];
}

/**
 * Matrix product with NumPy / PyTorch semantics (`a @ b`):
 * - 1-D · 1-D: the dot product Σᵢ aᵢbᵢ, a scalar;
 * - 2-D · 2-D: C[i, j] = Σₚ A[i, p]·B[p, j], [m, k] @ [k, n] → [m, n];
 * - a 1-D operand is promoted to a matrix ([k] → [1, k] on the left, [k, 1] on the right) and the
 *   added dimension is removed from the result;
 * - ≥3-D: a stack of matrices in the last two dims; the batch dims (all but the last two)
 *   broadcast, e.g. [10, 1, 3, 4] @ [5, 4, 2] → [10, 5, 3, 2].
 * Integer inputs give an integer result; gradients flow for float dtypes.
 * @throws ShapeError `matmul: [2, 3] @ [4, 5]: inner dimensions 3 and 4 differ`
 * @example
 * import { matmul, tensor } from 'neurite';
 * matmul(tensor([[1, 2], [3, 4]]), tensor([[5], [6]])).toArray(); // [[17], [39]]
 * matmul(tensor([1, 2, 3]), tensor([4, 5, 6])).item();           // 32
 */
export function matmul(a: Tensor, b: Tensor): Tensor {
  const where = `matmul: ${fmtShape(a.shape)} @ ${fmtShape(b.shape)}`;
  if (a.ndim === 0 || b.ndim === 0) {
    throw new ShapeError(`${where}: both operands must be at least 1-D; to scale by a scalar use mul()`);
  }
  const ka = a.shape[a.ndim - 1] as number;
  const kb = (b.ndim === 1 ? b.shape[0] : b.shape[b.ndim - 2]) as number;
  if (ka !== kb) {
    throw new ShapeError(
      `${where}: inner dimensions ${ka} and ${kb} differ (the last dimension of the first operand must ` +
        'equal the second-to-last of the second; transpose one of them?)',
    );
  }
  const aBatch = a.shape.slice(0, -2);
  const bBatch = b.shape.slice(0, -2);
  let batch: number[];
  try {
    batch = broadcastShapes(aBatch, bBatch, 'matmul');
  } catch {
    throw new ShapeError(
      `${where}: batch dimensions ${fmtShape(aBatch)} and ${fmtShape(bBatch)} cannot broadcast ` +
        '(sizes must match or one must be 1)',
    );
  }
  const [ta, tb] = sameDType('matmul', a, b);
  const m = a.ndim === 1 ? 1 : (a.shape[a.ndim - 2] as number);
  const n = b.ndim === 1 ? 1 : (b.shape[b.ndim - 1] as number);
  let out: Tensor;
  if (a.ndim > 2 && b.ndim <= 2) {
    // A stack times one matrix is one tall product: fold the stack into the rows (a free reshape),
    // which gives fast backends one large GEMM instead of many small ones.
    const b2 = b.ndim === 1 ? reshape(tb, [kb, 1]) : tb;
    out = gemm(reshape(ta, [numel(a.shape.slice(0, -1)), ka]), b2, false, false, []);
  } else {
    const a2 = a.ndim === 1 ? reshape(ta, [1, ka]) : ta;
    const b2 = b.ndim === 1 ? reshape(tb, [kb, 1]) : tb;
    out = gemm(a2, b2, false, false, batch);
  }
  // Drop the dims that stood in for 1-D operands.
  const shape = [...batch, ...(a.ndim === 1 ? [] : [m]), ...(b.ndim === 1 ? [] : [n])];
  return reshape(out, shape);
}

/**
 * Affine map of the last dimension, as `torch.nn.functional.linear`: y = x·Wᵀ + b.
 * The weight is stored [outFeatures, inFeatures] (PyTorch's layout) and read transposed in place.
 * @param x input [..., in] (any number of leading dims, or just [in])
 * @param weight [out, in]
 * @param bias optional [out]
 * @returns [..., out]
 * @throws ShapeError `linear: input shape [32, 100] does not match weight [128, 784]: expected [..., 784]`
 * @example
 * import { linear, tensor } from 'neurite';
 * const w = tensor([[1, 0], [1, 1], [0, 2]]); // 2 → 3 features
 * linear(tensor([[1, 2]]), w, tensor([0, 0, 1])).toArray(); // [[1, 3, 5]]
 */
export function linear(x: Tensor, weight: Tensor, bias?: Tensor): Tensor {
  checkLinear(x, weight, bias);
  // (read by index, not an array pattern: in V8's interpreter, where a small model's steps mostly
  // run, that is an iterator)
  const pair = sameDType('linear', x, weight);
  const tx = pair[0];
  const tw = pair[1];
  const fused = bias !== undefined && bias.dtype === tw.dtype;
  if (fused && tx.ndim === 2) return linearOp([tx, tw, bias], false); // a batch of rows: the usual case
  const outF = weight.shape[0] as number;
  const lead = x.shape.slice(0, -1);
  // All leading dims form the rows of one GEMM; transB reads W as Wᵀ without a copy.
  const rows = reshape(tx, [numel(lead), weight.shape[1] as number]);
  if (fused) return reshape(linearOp([rows, tw, bias], false), [...lead, outF]);
  const out = reshape(gemm(rows, tw, false, true, []), [...lead, outF]);
  return bias === undefined ? out : add(out, bias); // a bias of another dtype promotes, as add does
}

/**
 * relu(linear(x, weight, bias)) as one op: the same values and gradients (ReLU is exact), with
 * one tape node and one output array instead of two. What `Sequential` runs for a `Linear`
 * followed by a `ReLU`.
 * @example
 * import { linearRelu, tensor } from 'neurite';
 * linearRelu(tensor([[1, -2]]), tensor([[1, 0], [0, 1]]), tensor([0, 0])).toArray(); // [[1, 0]]
 */
export function linearRelu(x: Tensor, weight: Tensor, bias?: Tensor): Tensor {
  checkLinear(x, weight, bias);
  const fusable = x.ndim === 2 && bias !== undefined && x.dtype === weight.dtype && bias.dtype === weight.dtype;
  return fusable && isFloat(x.dtype) ? linearOp([x, weight, bias], true) : relu(linear(x, weight, bias));
}

function checkLinear(x: Tensor, weight: Tensor, bias: Tensor | undefined): void {
  if (weight.ndim !== 2) {
    throw new ShapeError(`linear: weight must be 2-D [outFeatures, inFeatures], got shape ${fmtShape(weight.shape)}`);
  }
  const [outF, inF] = weight.shape as [number, number];
  if (x.ndim === 0 || x.shape[x.ndim - 1] !== inF) {
    throw new ShapeError(
      `linear: input shape ${fmtShape(x.shape)} does not match weight ${fmtShape(weight.shape)}: ` +
        `expected [..., ${inF}]`,
    );
  }
  if (bias !== undefined && (bias.ndim !== 1 || bias.shape[0] !== outF)) {
    throw new ShapeError(
      `linear: bias shape ${fmtShape(bias.shape)} does not match weight ${fmtShape(weight.shape)}: expected [${outF}]`,
    );
  }
}

/**
 * x·Wᵀ + b as one primitive (x [M, in], W [out, in], b [out], one dtype), with ReLU after it when
 * the param is true: the GEMM, then the bias added to every row (then max(·, 0)). The same
 * roundings as a GEMM followed by `add` (and `relu`), so the same numbers, with one tape node
 * instead of two or three. Backward (the backend's `linearBackward`): g masked where the ReLU's
 * output is 0, then dx = g·W, dW = gᵀ·x and db = Σ over rows of g.
 */
const linearOp = defineOp<[Tensor, Tensor, Tensor], boolean>({
  name: 'linear',
  // indexed reads, not array patterns (iterators in V8's interpreter): this runs every step
  forward: (k, inputs, relu) => {
    const x = inputs[0];
    const w = inputs[1];
    const b = inputs[2];
    const m = x.shape[0] as number;
    const inF = x.shape[1] as number;
    const outF = w.shape[0] as number;
    const shape = [m, outF];
    return { data: k.addmm(b.data, x.data, w.data, plainSpec(m, outF, inF, false, true), relu), shape }; // x·Wᵀ + b
  },
  backward: (g, { inputs, out, params: relu }) => {
    const x = inputs[0];
    const w = inputs[1];
    const b = inputs[2];
    const m = x.shape[0] as number;
    const inF = x.shape[1] as number;
    const outF = w.shape[0] as number;
    const dims = { m, inF, outF, dx: x.requiresGrad, dw: w.requiresGrad, db: b.requiresGrad };
    const grads = kernels().linearBackward(g.data, x.data, w.data, relu ? out.data : null, dims);
    const wrap = (data: TypedArray | null, shape: Shape) => (data === null ? null : new Tensor(data, shape));
    return [wrap(grads.dx, x.shape), wrap(grads.dw, w.shape), wrap(grads.db, b.shape)];
  },
});

declare module '../tensor.js' {
  interface Tensor {
    /** See `matmul()`. */ matmul(other: Tensor): Tensor;
    /** See `linear()`. */ linear(weight: Tensor, bias?: Tensor): Tensor;
  }
}

Object.assign(Tensor.prototype, {
  matmul(this: Tensor, other: Tensor) {
    return matmul(this, other);
  },
  linear(this: Tensor, weight: Tensor, bias?: Tensor) {
    return linear(this, weight, bias);
  },
});
