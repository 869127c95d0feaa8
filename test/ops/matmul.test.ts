import { describe, expect, it } from 'vitest';
import { jsKernels } from '../../src/backend/js/index.js';
import { type GemmSpec, gemmOutLength } from '../../src/backend/kernels/matmul.js';
import {
  add,
  DTypeError,
  linear,
  linearRelu,
  matmul,
  noGrad,
  Rng,
  type Shape,
  ShapeError,
  type Tensor,
  tensor,
} from '../../src/index.js';
import { expectClose } from '../helpers/allclose.js';
import { checkOp } from '../helpers/check-op.js';
import { gradcheck } from '../helpers/gradcheck.js';

/** Element of `t` at a multi-index, reading size-1 dims as broadcast (index 0). */
function at(t: Tensor, index: number[]): number {
  let off = 0;
  let stride = 1;
  for (let d = t.ndim - 1; d >= 0; d--) {
    const size = t.shape[d] as number;
    off += (size === 1 ? 0 : (index[index.length - t.ndim + d] as number)) * stride;
    stride *= size;
  }
  return t.data[off] as number;
}

/** NumPy's matmul written out directly: promote 1-D operands, broadcast the batch, drop the added dims. */
function referenceMatmul(a: Tensor, b: Tensor): { values: number[]; shape: Shape } {
  const as = a.ndim === 1 ? [1, a.shape[0] as number] : [...a.shape];
  const bs = b.ndim === 1 ? [b.shape[0] as number, 1] : [...b.shape];
  const [m, k] = as.slice(-2) as [number, number];
  const n = bs[bs.length - 1] as number;
  const ab = as.slice(0, -2);
  const bb = bs.slice(0, -2);
  const nb = Math.max(ab.length, bb.length);
  const batch = Array.from({ length: nb }, (_, i) =>
    Math.max(ab[ab.length - nb + i] ?? 1, bb[bb.length - nb + i] ?? 1),
  );
  const A = tensor(a.data.slice(), { shape: as });
  const B = tensor(b.data.slice(), { shape: bs });
  const values: number[] = [];
  const count = batch.reduce((x, y) => x * y, 1);
  for (let t = 0; t < count; t++) {
    const bi: number[] = [];
    let r = t;
    for (let d = nb - 1; d >= 0; d--) {
      bi.unshift(r % (batch[d] as number));
      r = Math.floor(r / (batch[d] as number));
    }
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let p = 0; p < k; p++) s += at(A, [...bi, i, p]) * at(B, [...bi, p, j]);
        values.push(s);
      }
    }
  }
  const shape = [...batch, ...(a.ndim === 1 ? [] : [m]), ...(b.ndim === 1 ? [] : [n])];
  return { values, shape };
}

describe('matmul', () => {
  it('matches NumPy semantics over 1-D, 2-D, batched and broadcast shapes', () =>
    checkOp('matmul', matmul, {
      shapes: [
        [[3], [3]], // dot product → scalar
        [
          [2, 3],
          [3, 4],
        ],
        [[3], [3, 4]], // 1-D on the left
        [[2, 3], [3]], // 1-D on the right
        [
          [1, 1],
          [1, 1],
        ],
        [
          [2, 2, 3],
          [3, 4],
        ], // stack @ matrix (folded into one GEMM)
        [[2, 2, 3], [3]],
        [
          [4, 3],
          [2, 3, 5],
        ], // matrix @ stack
        [[3], [2, 3, 2]],
        [
          [2, 1, 2, 3],
          [3, 3, 2],
        ], // broadcast batch dims: [2, 1] with [3] → [2, 3]
        [
          [1, 2, 3],
          [2, 3, 1],
        ],
      ],
      referenceTensor: referenceMatmul,
    }));

  it('hand-computed values', () => {
    expect(
      matmul(
        tensor([
          [1, 2],
          [3, 4],
        ]),
        tensor([
          [5, 6],
          [7, 8],
        ]),
      ).toArray(),
    ).toEqual([
      [19, 22],
      [43, 50],
    ]);
    const dot = matmul(tensor([1, 2, 3]), tensor([4, 5, 6]));
    expect(dot.shape).toEqual([]);
    expect(dot.item()).toBe(32);
    expect(
      tensor([[1, 2, 3]])
        .matmul(tensor([1, 1, 1]))
        .toArray(),
    ).toEqual([6]);
  });

  it('gradients of a broadcast operand are summed over the batch', () => {
    const a = tensor([[[1, 2]], [[3, 4]]], { requiresGrad: true }); // [2, 1, 2]
    const b = tensor([[1], [1]], { requiresGrad: true }); // [2, 1], shared by both batch elements
    matmul(a, b).sum().backward();
    expect(b.grad?.toArray()).toEqual([[4], [6]]);
    expect(a.grad?.toArray()).toEqual([[[1, 1]], [[1, 1]]]);
  });

  it('gradcheck with a broadcast batch on the left operand', () => {
    const rng = new Rng(3);
    const mk = (shape: number[]) =>
      tensor(
        Float64Array.from({ length: shape.reduce((x, y) => x * y, 1) }, () => rng.uniform(-1, 1)),
        { shape },
      );
    gradcheck(matmul, [mk([1, 3, 2]), mk([4, 2, 3])]);
    gradcheck(matmul, [mk([3, 1, 2, 2]), mk([1, 2, 2, 1])]);
  });

  it('integer inputs give an integer product; mixed dtypes promote', () => {
    const r = matmul(tensor([[1, 2]], { dtype: 'int32' }), tensor([[3], [4]], { dtype: 'int32' }));
    expect(r.dtype).toBe('int32');
    expect(r.toArray()).toEqual([[11]]);
    expect(matmul(tensor([[1, 2]], { dtype: 'int32' }), tensor([[0.5], [1]])).dtype).toBe('float32');
    expect(matmul(tensor([[1, 2]]), tensor([[3], [4]], { dtype: 'float64' })).dtype).toBe('float64');
  });

  it('errors name both shapes and say what differs', () => {
    expect(() =>
      matmul(
        tensor([
          [1, 2, 3],
          [4, 5, 6],
        ]),
        tensor(new Float32Array(20), { shape: [4, 5] }),
      ),
    ).toThrow(ShapeError);
    expect(() =>
      matmul(tensor(new Float32Array(6), { shape: [2, 3] }), tensor(new Float32Array(20), { shape: [4, 5] })),
    ).toThrow('matmul: [2, 3] @ [4, 5]: inner dimensions 3 and 4 differ');
    expect(() => matmul(tensor([1, 2]), tensor([1, 2, 3]))).toThrow(
      'matmul: [2] @ [3]: inner dimensions 2 and 3 differ',
    );
    expect(() =>
      matmul(tensor(new Float32Array(12), { shape: [2, 2, 3] }), tensor(new Float32Array(18), { shape: [3, 3, 2] })),
    ).toThrow('matmul: [2, 2, 3] @ [3, 3, 2]: batch dimensions [2] and [3] cannot broadcast');
    expect(() => matmul(tensor(2), tensor([1]))).toThrow('matmul: [] @ [1]: both operands must be at least 1-D');
    expect(() => matmul(tensor([true]), tensor([false]))).toThrow(DTypeError);
  });

  it('an empty inner dimension gives zeros', () => {
    const r = matmul(tensor(new Float32Array(0), { shape: [2, 0] }), tensor(new Float32Array(0), { shape: [0, 3] }));
    expect(r.toArray()).toEqual([
      [0, 0, 0],
      [0, 0, 0],
    ]);
  });
});

describe('gemm kernel', () => {
  /** C = Σ op(A)·op(B) per batch element, written out with explicit transposes. */
  function naive(a: Float64Array, b: Float64Array, spec: GemmSpec): number[] {
    const { m, n, k, transA, transB, batch } = spec;
    const out = new Array<number>(gemmOutLength(spec)).fill(0);
    const count = batch.shape.reduce((x, y) => x * y, 1);
    for (let t = 0; t < count; t++) {
      let r = t;
      let ao = 0;
      let bo = 0;
      let co = 0;
      for (let d = batch.shape.length - 1; d >= 0; d--) {
        const i = r % (batch.shape[d] as number);
        r = Math.floor(r / (batch.shape[d] as number));
        ao += i * (batch.aStrides[d] as number);
        bo += i * (batch.bStrides[d] as number);
        co += i * (batch.cStrides[d] as number);
      }
      for (let i = 0; i < m; i++)
        for (let j = 0; j < n; j++)
          for (let p = 0; p < k; p++) {
            const av = transA ? a[ao + p * m + i] : a[ao + i * k + p];
            const bv = transB ? b[bo + j * k + p] : b[bo + p * n + j];
            out[co + i * n + j] = (out[co + i * n + j] as number) + (av as number) * (bv as number);
          }
    }
    return out;
  }

  it('all four transpose combinations, broadcast and summed batch dims, awkward sizes', () => {
    const rng = new Rng(11);
    for (const [m, n, k] of [
      [1, 1, 1],
      [3, 5, 17],
      [5, 3, 1],
      [17, 1, 3],
    ] as const) {
      for (const transA of [false, true]) {
        for (const transB of [false, true]) {
          // batch [2, 3]: A varies along both dims, B is broadcast along dim 0, C sums dim 1
          const spec: GemmSpec = {
            m,
            n,
            k,
            transA,
            transB,
            batch: { shape: [2, 3], aStrides: [3 * m * k, m * k], bStrides: [0, k * n], cStrides: [m * n, 0] },
          };
          const a = Float64Array.from({ length: 6 * m * k }, () => rng.uniform(-1, 1));
          const b = Float64Array.from({ length: 3 * k * n }, () => rng.uniform(-1, 1));
          const got = jsKernels.gemm(a, b, spec);
          expect(got).toBeInstanceOf(Float64Array);
          expect(got.length).toBe(2 * m * n);
          expectClose(got, naive(a, b, spec), { rtol: 1e-12, label: `m${m} n${n} k${k} tA${transA} tB${transB}` });
          const got32 = jsKernels.gemm(Float32Array.from(a), Float32Array.from(b), spec);
          expect(got32).toBeInstanceOf(Float32Array);
          expectClose(got32, naive(a, b, spec), { rtol: 1e-5 });
        }
      }
    }
  });
});

describe('linear', () => {
  const withBias = (x: Tensor, w: Tensor, b: Tensor) => linear(x, w, b);
  it('x·Wᵀ + b over several leading shapes', () =>
    checkOp('linear', withBias, {
      shapes: [
        [[4, 3], [2, 3], [2]],
        [[3], [2, 3], [2]],
        [[2, 3, 3], [5, 3], [5]],
        [[1, 1], [1, 1], [1]],
      ],
      referenceTensor: (x, w, b) => {
        const { values, shape } = referenceMatmul(
          x,
          tensor(transpose2d(w), { shape: [w.shape[1] as number, w.shape[0] as number] }),
        );
        const out = w.shape[0] as number;
        return { values: values.map((v, i) => v + (b.data[i % out] as number)), shape };
      },
    }));

  it('without bias', () =>
    checkOp('linear', (x, w) => linear(x, w), {
      shapes: [
        [
          [4, 3],
          [2, 3],
        ],
        [
          [2, 1, 3],
          [1, 3],
        ],
      ],
    }));

  it('equals matmul with the transposed weight plus the bias', () => {
    const rng = new Rng(5);
    const mk = (shape: number[]) =>
      tensor(
        Float64Array.from({ length: shape.reduce((x, y) => x * y, 1) }, () => rng.normal()),
        { shape },
      );
    const x = mk([2, 4, 3]);
    const w = mk([5, 3]);
    const b = mk([5]);
    const wt = tensor(transpose2d(w), { shape: [3, 5] });
    expectClose(
      linear(x, w, b),
      noGrad(() => add(matmul(x, wt), b)),
      { rtol: 1e-12 },
    );
    expect(x.linear(w).shape).toEqual([2, 4, 5]);
  });

  it('errors name the input, weight and bias shapes', () => {
    const w = tensor(new Float32Array(128 * 784), { shape: [128, 784] });
    expect(() => linear(tensor(new Float32Array(3200), { shape: [32, 100] }), w)).toThrow(
      'linear: input shape [32, 100] does not match weight [128, 784]: expected [..., 784]',
    );
    expect(() => linear(tensor([[1, 2]]), tensor([[1, 2]]), tensor([1, 2]))).toThrow(
      'linear: bias shape [2] does not match weight [1, 2]: expected [1]',
    );
    expect(() => linear(tensor([[1, 2]]), tensor([1, 2]))).toThrow('linear: weight must be 2-D');
  });
});

describe('linearRelu (a Linear and a ReLU as one op)', () => {
  it('relu(x·Wᵀ + b), with its gradients, against float64 references', () =>
    checkOp('linearRelu', (x, w, b) => linearRelu(x, w, b), {
      shapes: [
        [[4, 3], [2, 3], [2]],
        [[1, 1], [1, 1], [1]],
        [[2, 3, 3], [5, 3], [5]], // leading dims: runs unfused, same values
      ],
      referenceTensor: (x, w, b) => {
        const { values, shape } = referenceMatmul(
          x,
          tensor(transpose2d(w), { shape: [w.shape[1] as number, w.shape[0] as number] }),
        );
        const out = w.shape[0] as number;
        return { values: values.map((v, i) => Math.max(0, v + (b.data[i % out] as number))), shape };
      },
    }));

  it('gives exactly the values and gradients of relu(linear(…)) in float32, one tape node instead of two', () => {
    const rng = new Rng(8);
    const mk = (shape: number[]) =>
      tensor(
        Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => rng.normal()),
        {
          shape,
          requiresGrad: true,
        },
      );
    const [x, w, b] = [mk([37, 19]), mk([23, 19]), mk([23])];
    const seed = tensor(
      Float32Array.from({ length: 37 * 23 }, () => rng.normal()),
      { shape: [37, 23] },
    );
    const fused = linearRelu(x, w, b);
    expect(fused.gradFn?.inputs).toEqual([x, w, b]); // one node over the three inputs
    fused.backward(seed);
    const grads = [x, w, b].map((t) => t.grad?.data);
    for (const t of [x, w, b]) t.grad = null;
    const plain = linear(x, w, b).relu();
    plain.backward(seed);
    expect(fused.data).toEqual(plain.data);
    expect(grads).toEqual([x, w, b].map((t) => t.grad?.data));
  });
});

function transpose2d(w: Tensor): Float64Array {
  const [r, c] = w.shape as [number, number];
  const out = new Float64Array(r * c);
  for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) out[j * r + i] = w.data[i * c + j] as number;
  return out;
}
