/**
 * The JS reference kernels take shortcuts for common layouts (equal shapes, a bias row repeated
 * over a batch, reductions over adjacent axes, GEMMs without summed batch dims). Each shortcut
 * must give bit-identical results to the general walk it replaces; these tests compare them with
 * straightforward index-arithmetic references that visit the elements in the same order.
 */
import { describe, expect, it } from 'vitest';
import { jsKernels } from '../../../src/backend/js/index.js';
import type { GemmSpec } from '../../../src/backend/kernels/matmul.js';
import { allocate, type TypedArray } from '../../../src/dtype.js';
import { Rng } from '../../../src/random.js';
import { broadcastShapes, broadcastStrides, numel, type Shape, stridesOf } from '../../../src/shape.js';

const rng = new Rng(11);
const rand = (n: number, f64 = false) => {
  const a = f64 ? new Float64Array(n) : new Float32Array(n);
  for (let i = 0; i < n; i++) a[i] = rng.uniform(-2, 2);
  return a;
};

/** Broadcast a ⊙ b element by element through explicit coordinates (no shortcuts). */
function broadcastRef(a: TypedArray, aShape: Shape, b: TypedArray, bShape: Shape, f: (x: number, y: number) => number) {
  const out = broadcastShapes(aShape, bShape, 'ref');
  const sa = broadcastStrides(aShape, out);
  const sb = broadcastStrides(bShape, out);
  const so = stridesOf(out);
  const res = allocate(a instanceof Float64Array ? 'float64' : 'float32', numel(out));
  for (let i = 0; i < res.length; i++) {
    let ia = 0;
    let ib = 0;
    for (let d = 0; d < out.length; d++) {
      const c = Math.floor(i / (so[d] as number)) % (out[d] as number);
      ia += c * (sa[d] as number);
      ib += c * (sb[d] as number);
    }
    res[i] = f(a[ia] as number, b[ib] as number);
  }
  return { res, out };
}

describe('broadcasting fast paths', () => {
  const pairs: Array<[Shape, Shape]> = [
    [
      [3, 5],
      [3, 5],
    ], // equal
    [[3, 5], [5]], // bias row
    [[5], [3, 5]], // bias row on the left
    [
      [2, 3, 4],
      [3, 4],
    ], // trailing block of two dims
    [
      [2, 3, 4],
      [1, 3, 4],
    ], // leading 1 counts as missing
    [
      [2, 3, 4],
      [1, 1, 4],
    ],
    [
      [4, 1],
      [4, 1],
    ],
    [
      [3, 5],
      [3, 1],
    ], // column: general walk
    [
      [3, 1],
      [1, 5],
    ], // both broadcast: general walk
    [
      [2, 3, 4],
      [3, 1],
    ],
    [[3, 5], []], // scalar
    [[1], [3, 5]],
    [[20, 1], [1]],
    [[0, 3], [3]], // empty
  ];
  for (const [sa, sb] of pairs) {
    it(`add/sub/mul/div of ${JSON.stringify(sa)} with ${JSON.stringify(sb)} match the coordinate walk`, () => {
      for (const f64 of [false, true]) {
        const a = rand(numel(sa), f64);
        const b = rand(numel(sb), f64);
        for (const [name, f] of [
          ['add', (x: number, y: number) => x + y],
          ['sub', (x: number, y: number) => x - y],
          ['mul', (x: number, y: number) => x * y],
          ['div', (x: number, y: number) => x / y],
        ] as const) {
          const { res, out } = broadcastRef(a, sa, b, sb, f);
          const got = jsKernels[name](a, sa, b, sb, out);
          expect(Array.from(got), `${name} f64=${f64}`).toEqual(Array.from(res));
          expect(got.constructor).toBe(res.constructor);
        }
      }
    });
  }
});

describe('broadcastTo fast path', () => {
  const cases: Array<[Shape, Shape]> = [
    [[], [4]], // a scalar spread over samples (a loss gradient)
    [[3], [2, 3]],
    [
      [1, 3],
      [4, 3],
    ],
    [
      [2, 1],
      [2, 3],
    ], // a column: general walk
    [[1], [0]],
    [
      [2, 3],
      [2, 2, 3],
    ],
  ];
  for (const [shape, out] of cases) {
    it(`${JSON.stringify(shape)} → ${JSON.stringify(out)} matches the coordinate walk`, () => {
      const x = rand(numel(shape));
      const { res } = broadcastRef(allocate('float32', numel(out)), out, x, shape, (_, y) => y);
      expect(Array.from(jsKernels.broadcastTo(x, shape, out))).toEqual(Array.from(res));
    });
  }
});

/** Σ over `axes` by coordinates, float64, inputs visited in row-major order, rounded once. */
function sumRef(x: Float32Array, shape: Shape, axes: number[]): number[] {
  const keep = shape.map((_, d) => !axes.includes(d));
  const outShape = shape.filter((_, d) => keep[d]);
  const acc = new Float64Array(numel(outShape));
  const st = stridesOf(shape);
  const ost = stridesOf(outShape);
  for (let i = 0; i < x.length; i++) {
    let o = 0;
    let k = 0;
    shape.forEach((size, d) => {
      const c = Math.floor(i / (st[d] as number)) % size;
      if (keep[d]) o += c * (ost[k++] as number);
    });
    acc[o] = (acc[o] as number) + (x[i] as number);
  }
  return Array.from(Float32Array.from(acc));
}

describe('reductions over adjacent axes', () => {
  const cases: Array<[Shape, number[]]> = [
    [[20, 3], [0]], // bias gradient: column sums
    [[20, 3], [1]],
    [
      [20, 3],
      [0, 1],
    ],
    [[2, 3, 4], [1]],
    [
      [2, 3, 4],
      [1, 2],
    ],
    [
      [2, 3, 4],
      [0, 1],
    ],
    [
      [2, 3, 4],
      [0, 2],
    ], // not adjacent: general walk
    [[4, 1, 3], [1]],
    [[5], [0]],
    [[0, 3], [0]],
  ];
  for (const [shape, axes] of cases) {
    it(`sum / max / min of ${JSON.stringify(shape)} over ${JSON.stringify(axes)} match the coordinate walk`, () => {
      const x = rand(numel(shape)) as Float32Array;
      expect(Array.from(jsKernels.sum(x, shape, axes))).toEqual(sumRef(x, shape, axes));
      // max / min through the same fold: compare with max of the explicit groups
      const maxes = jsKernels.max(x, shape, axes);
      const mins = jsKernels.min(x, shape, axes);
      const neg = Float32Array.from(x, (v) => -v);
      expect(Array.from(jsKernels.min(neg, shape, axes), (v) => -v)).toEqual(Array.from(maxes));
      expect(Array.from(jsKernels.max(neg, shape, axes), (v) => -v)).toEqual(Array.from(mins));
    });
  }
});

describe('argmax / argmin over one axis', () => {
  /** Index along `axis` of the first extreme by coordinates; NaN beats everything (PyTorch). */
  function argRef(x: Float32Array, shape: Shape, axis: number, max: boolean): number[] {
    const st = stridesOf(shape);
    const size = shape[axis] ?? 1;
    const out: number[] = [];
    for (let i = 0; i < x.length; i++) {
      if (Math.floor(i / (st[axis] ?? 1)) % size !== 0) continue; // the first element of each group
      let best = 0;
      for (let r = 1; r < size; r++) {
        const v = x[i + r * (st[axis] ?? 1)] as number;
        const b = x[i + best * (st[axis] ?? 1)] as number;
        const wins = max ? v > b : v < b;
        if ((wins || (Number.isNaN(v) && !Number.isNaN(b))) && !Number.isNaN(b)) best = r;
      }
      out.push(best);
    }
    return out;
  }
  const cases: Array<[Shape, number]> = [
    [[100, 3], 1], // class predictions
    [[100, 3], 0],
    [[2, 3, 4], 1],
    [[2, 3, 4], 2],
    [[4], 0],
  ];
  for (const [shape, axis] of cases) {
    it(`${JSON.stringify(shape)} over axis ${axis}, with ties and NaN`, () => {
      // few distinct values, so ties are common; a NaN somewhere
      const x = Float32Array.from({ length: numel(shape) }, (_, i) =>
        i === 5 ? Number.NaN : Math.floor(rng.uniform(0, 3)),
      );
      expect(Array.from(jsKernels.argmax(x, shape, axis))).toEqual(argRef(x, shape, axis, true));
      expect(Array.from(jsKernels.argmin(x, shape, axis))).toEqual(argRef(x, shape, axis, false));
    });
  }
});

/** C = op(A)·op(B) per batch element by coordinates, float64 sums (p ascending), rounded once. */
function gemmRef(a: Float32Array, b: Float32Array, spec: GemmSpec): number[] {
  const { m, n, k, transA, transB, batch } = spec;
  const count = numel(batch.shape);
  const bst = stridesOf(batch.shape);
  let cLen = m * n;
  batch.shape.forEach((size, d) => {
    if (batch.cStrides[d] !== 0) cLen *= size;
  });
  const acc = new Float64Array(cLen);
  for (let t = 0; t < count; t++) {
    let ao = 0;
    let bo = 0;
    let co = 0;
    batch.shape.forEach((size, d) => {
      const c = Math.floor(t / (bst[d] as number)) % size;
      ao += c * (batch.aStrides[d] as number);
      bo += c * (batch.bStrides[d] as number);
      co += c * (batch.cStrides[d] as number);
    });
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let p = 0; p < k; p++) {
          const av = transA ? a[ao + p * m + i] : a[ao + i * k + p];
          const bv = transB ? b[bo + j * k + p] : b[bo + p * n + j];
          s += (av as number) * (bv as number);
        }
        acc[co + i * n + j] = (acc[co + i * n + j] as number) + s;
      }
    }
  }
  return Array.from(Float32Array.from(acc));
}

describe('gemm', () => {
  const noBatch = { shape: [], aStrides: [], bStrides: [], cStrides: [] };
  const sizes: Array<[number, number, number]> = [
    [1, 1, 1],
    [20, 16, 4],
    [20, 3, 16],
    [3, 16, 20],
    [5, 17, 3],
    [4, 1, 129],
  ];
  for (const [m, n, k] of sizes) {
    it(`matches the triple loop for ${m}×${k} · ${k}×${n} in every transpose layout`, () => {
      const a = rand(m * k) as Float32Array;
      const b = rand(k * n) as Float32Array;
      for (const transA of [false, true]) {
        for (const transB of [false, true]) {
          const spec = { m, n, k, transA, transB, batch: noBatch };
          expect(Array.from(jsKernels.gemm(a, b, spec)), `transA=${transA} transB=${transB}`).toEqual(
            gemmRef(a, b, spec),
          );
        }
      }
    });
  }

  it('matches the triple loop with broadcast and summed batch dims', () => {
    const [m, n, k] = [3, 2, 5];
    const a = rand(2 * 3 * m * k) as Float32Array; // batch [2, 3]
    const b = rand(3 * k * n) as Float32Array; // batch [3], broadcast over the first dim
    const broadcast = {
      m,
      n,
      k,
      transA: false,
      transB: false,
      batch: { shape: [2, 3], aStrides: [3 * m * k, m * k], bStrides: [0, k * n], cStrides: [3 * m * n, m * n] },
    };
    expect(Array.from(jsKernels.gemm(a, b, broadcast))).toEqual(gemmRef(a, b, broadcast));
    // the gradient of the broadcast B: products summed over the first batch dim (cStride 0)
    const summed = { ...broadcast, batch: { ...broadcast.batch, cStrides: [0, m * n] } };
    expect(Array.from(jsKernels.gemm(a, b, summed))).toEqual(gemmRef(a, b, summed));
    // a summed dim of size 1 sums nothing
    const single = {
      ...broadcast,
      batch: { shape: [1, 3], aStrides: [0, m * k], bStrides: [0, k * n], cStrides: [0, m * n] },
    };
    expect(Array.from(jsKernels.gemm(a, b, single))).toEqual(gemmRef(a, b, single));
  });
});

describe('slice shortcut', () => {
  /** Element (coordinates) by coordinates, no shortcuts. */
  function sliceRef(x: TypedArray, shape: Shape, axis: number, start: number, step: number, length: number) {
    const outShape = shape.map((d, i) => (i === axis ? length : d));
    const so = stridesOf(outShape);
    const sx = stridesOf(shape);
    return Array.from({ length: numel(outShape) }, (_, i) => {
      let off = 0;
      for (let d = 0; d < shape.length; d++) {
        const c = Math.floor(i / (so[d] as number)) % (outShape[d] as number);
        off += (d === axis ? start + c * step : c) * (sx[d] as number);
      }
      return x[off] as number;
    });
  }

  it('a slice that is one block (leading axis, step 1) equals the element walk', () => {
    const x = rand(5 * 3 * 4);
    for (const [axis, start, step, length] of [
      [0, 1, 1, 3],
      [0, 0, 2, 3],
      [1, 1, 1, 2],
      [2, 3, 1, 1],
    ] as const) {
      const got = jsKernels.slice(x, [5, 3, 4], axis, start, step, length);
      expect(got).toBeInstanceOf(Float32Array);
      expect(Array.from(got)).toEqual(sliceRef(x, [5, 3, 4], axis, start, step, length));
    }
  });
});

describe('crossEntropy with the forward log-probabilities kept', () => {
  const { crossEntropy, crossEntropyBackward } = jsKernels;
  // Every mix of layouts and options: class indices (some ignored) or probabilities, class
  // weights, label smoothing, per-pixel classes (inner > 1), both float types.
  const cases = [
    { outer: 5, classes: 3, inner: 1 },
    { outer: 2, classes: 4, inner: 3 },
    { outer: 1, classes: 7, inner: 1 },
  ].flatMap((layout) =>
    [false, true].flatMap((probs) =>
      [null, 'weight'].flatMap((w) =>
        [0, 0.1].flatMap((eps) => [false, true].map((f64) => ({ layout, probs, w, eps, f64 }))),
      ),
    ),
  );

  it.each(cases)('the same bits as recomputing them: %o', ({ layout, probs, w, eps, f64 }) => {
    const n = layout.outer * layout.inner;
    const logits = rand(n * layout.classes, f64);
    const target = probs
      ? rand(n * layout.classes, f64).map(Math.abs)
      : Int32Array.from({ length: n }, (_, s) => (s === 1 ? -100 : s % layout.classes));
    const options = {
      weight: w === null ? null : rand(layout.classes, f64).map((v) => Math.abs(v) + 0.1),
      ignoreIndex: probs ? null : -100,
      labelSmoothing: eps,
    };
    const grad = rand(n, f64);
    const kept = new Float64Array(n * layout.classes);
    const losses = crossEntropy(logits, layout, target, options, kept);
    expect(Array.from(losses)).toEqual(Array.from(crossEntropy(logits, layout, target, options)));
    expect(kept.some((v) => v !== 0)).toBe(true);
    // into an array of the caller's that holds other values (every sample written, ignored ones 0)
    const into = (f64 ? new Float64Array(n) : new Float32Array(n)).fill(7);
    expect(crossEntropy(logits, layout, target, options, undefined, into)).toBe(into);
    expect(Array.from(into)).toEqual(Array.from(losses));
    const fresh = crossEntropyBackward(logits, layout, target, options, grad);
    const reused = crossEntropyBackward(logits, layout, target, options, grad, kept);
    expect(Array.from(reused.input)).toEqual(Array.from(fresh.input));
    expect(reused.target === null ? null : Array.from(reused.target)).toEqual(
      fresh.target === null ? null : Array.from(fresh.target),
    );
  });
});

describe('a loss reduction in one kernel', () => {
  const k = jsKernels;
  const shapes: Shape[] = [[1], [5], [20], [3, 4], [2, 3, 5], [129]];
  const cases = shapes.flatMap((shape) =>
    (['sum', 'mean'] as const).flatMap((reduction) => [false, true].map((f64) => ({ shape, reduction, f64 }))),
  );

  it.each(cases)(
    'reduceLosses and lossGrad give sum→div and div→broadcastTo bit for bit: %o',
    ({ shape, reduction, f64 }) => {
      const losses = rand(numel(shape), f64).map(Math.abs);
      const denominator = rand(1, f64).map((v) => Math.abs(v) * 7 + 0.3);
      const axes = shape.map((_, i) => i);
      const total = k.sum(losses, shape, axes);
      const composite = reduction === 'mean' ? k.div(total, [], denominator, [], []) : total;
      expect(Array.from(k.reduceLosses(losses, reduction, denominator))).toEqual(Array.from(composite));
      expect(k.reduceLosses(losses, reduction, denominator)).toBeInstanceOf(f64 ? Float64Array : Float32Array);
      const g = rand(1, f64);
      const scaled = reduction === 'mean' ? k.div(g, [], denominator, [], []) : g;
      const spread = k.broadcastTo(scaled, [], shape);
      expect(Array.from(k.lossGrad(g, numel(shape), reduction, denominator))).toEqual(Array.from(spread));
      const into = rand(numel(shape), f64);
      expect(k.lossGrad(g, numel(shape), reduction, denominator, into)).toBe(into);
      expect(Array.from(into)).toEqual(Array.from(spread));
    },
  );
});
